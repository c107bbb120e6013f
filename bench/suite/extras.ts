// The suite's checks besides the read loads: the default rate limits answering 429 where they should,
// and the other benches run as child processes (the registration burst, the PDF render and worker),
// whose printed figures the summary quotes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { insertKey } from './cases.js';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = import.meta.resolve('tsx');

/** Runs a bench script as `pnpm --filter @werkstatt/bench <script>` would, echoing and returning its output. */
export function runScript(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@werkstatt/source', '--import', tsxLoader, path.join(benchDir, file), ...args],
    { cwd: benchDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, output })));
}

/** The lines of a script's output that start with one of the labels (its figures). */
export const figureLines = (output: string, labels: string[]) =>
  output
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => labels.some((label) => l.startsWith(label)));

export interface LimitCheck {
  name: string;
  limit: number;
  sent: number;
  ok: number;
  limited: number;
  other: number;
  /** Whether every answer carried the RateLimit headers, and every 429 a Retry-After. */
  headers: boolean;
  policy: string;
  passed: boolean;
}

/**
 * Sends limit + extra requests (10 at a time) and counts the 429s: exactly `extra` of them when the
 * limit holds. The limit is read from the first answer's RateLimit-Policy header (q=…), not assumed.
 */
async function fireAtLimit(
  name: string,
  url: string,
  headers: Record<string, string>,
  extra: number,
): Promise<LimitCheck> {
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  const policy = first.headers.get('ratelimit-policy') ?? '';
  const limit = Number(/;q=(\d+)/.exec(policy)?.[1] ?? Number.NaN);
  if (!Number.isFinite(limit)) throw new Error(`${name}: no RateLimit-Policy header (${first.status}).`);
  const statuses: number[] = [first.status];
  let headersOk = first.headers.has('ratelimit');
  const total = limit + extra;
  let next = 1;
  const worker = async () => {
    while (next < total) {
      next++;
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (!res.headers.has('ratelimit') || (res.status === 429 && !res.headers.has('retry-after'))) {
        headersOk = false;
      }
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const limited = statuses.filter((s) => s === 429).length;
  const ok = statuses.filter((s) => s === 200).length;
  return {
    name,
    limit,
    sent: statuses.length,
    ok,
    limited,
    other: statuses.length - ok - limited,
    headers: headersOk,
    policy,
    passed: limited === extra && ok === limit && headersOk,
  };
}

/** The default limits of a freshly started API (no rate-limit settings): a key's, and an address's. */
export async function checkRateLimits(apiBase: string, dbUrl: string, extra: number): Promise<LimitCheck[]> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  // A key without a limit of its own: RATE_LIMIT_PER_MINUTE (API_KEY_RATE_LIMIT_PER_MINUTE unset) applies.
  const key = await insertKey(db, 'bench suite default limit', ['public:read'], null).finally(() => db.end());
  return [
    await fireAtLimit(
      'API key, default limit (GET /v1/public/workshops)',
      `${apiBase}/v1/public/workshops?limit=1`,
      { authorization: `Bearer ${key}` },
      extra,
    ),
    await fireAtLimit(
      'anonymous address, open data (GET /v1/open-data/catalog.jsonld)',
      `${apiBase}/v1/open-data/catalog.jsonld`,
      {},
      extra,
    ),
  ];
}
