// Helpers shared by the benchmarks: start a server process and wait for it, stop it, and read its
// memory and CPU time from /proc (Linux only).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the children run from there. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts `node <args>` from the repository root on `port` and resolves once it answers HTTP. */
export function start(args: string[], env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${args.at(-1)} exited with ${child.exitCode}`));
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        return resolve(child);
      } catch {
        if (Date.now() > deadline) return reject(new Error(`${args.at(-1)} did not start`));
        setTimeout(poll, 200);
      }
    };
    void poll();
  });
}

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

// CPU time the process has used, in ms (utime + stime; Linux clock ticks are 10 ms). Per request,
// it varies far less than req/s between runs on a shared machine.
export async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
