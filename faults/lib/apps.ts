// The built API and worker as child processes, in production mode, their output kept in log files
// (and their error lines in memory, as evidence when a check fails).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  exited: Promise<number | string>;
  alive(): boolean;
}

/** Log lines at level error or above (pino JSON), or any non-JSON line on stderr, per process name. */
export const errorLines: { name: string; line: string }[] = [];

/** Starts `node <script>` from the repository root, its own process group, output appended to `logFile`. */
export function startApp(
  name: string,
  script: string[],
  env: Record<string, string>,
  logFile: string,
): AppProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, script, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let rest = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      let level = 60;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? 60;
      } catch {}
      if (level >= 50 && line.trim()) errorLines.push({ name: `${name}[${child.pid}]`, line });
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return {
    name,
    child,
    pid: child.pid!,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Polls `/readyz` until it answers 200; returns the ms it took, or throws after `timeoutMs`. */
export async function waitReady(baseUrl: string, app: AppProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (!app.alive()) throw new Error(`${app.name} exited (${await app.exited}) before /readyz answered`);
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return Date.now() - started;
    } catch {}
    if (Date.now() - started > timeoutMs)
      throw new Error(`${app.name}: /readyz not ok after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Sends the signal to the process group (the process and anything it spawned). */
export function signal(app: AppProcess, sig: NodeJS.Signals): void {
  if (!app.alive()) return;
  try {
    process.kill(-app.pid, sig);
  } catch {
    app.child.kill(sig);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when it ended. */
export async function stopApp(app: AppProcess, graceMs = 15_000): Promise<void> {
  if (!app.alive()) return;
  signal(app, 'SIGTERM');
  const timer = setTimeout(() => signal(app, 'SIGKILL'), graceMs);
  await app.exited;
  clearTimeout(timer);
}
