import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkerChild {
  child: ChildProcess;
  /** Resolves with the first reported event matching event (and jobId, when given). */
  waitForEvent(event: string, jobId?: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Starts a worker fixture (a file in test/fixtures) in its own node process (tsx as a loader, so the
 * pid is the worker's).
 */
export function spawnWorker(env: Record<string, string>, fixture = 'worker-process.ts'): WorkerChild {
  const file = path.join(workerDir, 'test/fixtures', fixture);
  const child = spawn(process.execPath, ['--conditions=@werkstatt/source', '--import', 'tsx', file], {
    cwd: workerDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const events: { event: string; jobId?: string }[] = [];
  const listeners = new Set<() => void>();
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as { event?: string; jobId?: string };
        if (parsed.event) events.push({ event: parsed.event, jobId: parsed.jobId });
      } catch {
        // Log lines that are not events.
      }
    }
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => out,
    waitForEvent(event, jobId, timeoutMs = 20_000) {
      const found = () => events.some((e) => e.event === event && (!jobId || e.jobId === jobId));
      return new Promise((resolve, reject) => {
        if (found()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker did not report ${event} within ${timeoutMs} ms. Output:\n${out}`));
        }, timeoutMs);
        const check = () => {
          if (!found()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (found()) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`worker exited before reporting ${event}. Output:\n${out}`));
        });
      });
    },
  };
}
