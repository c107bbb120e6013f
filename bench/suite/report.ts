// The suite's summary: one row per case and mode with the API's figures, the baseline's, their ratios
// and the targets (met or MISSED, never left out), printed and written as markdown.
import type { Mode } from './cases.js';
import type { LimitCheck } from './extras.js';

interface Side {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number;
  cpuMsPerRequest: number;
  pgCpuMsPerRequest: number;
}

export interface Row {
  case: string;
  id: string;
  mode: Mode;
  cached: boolean;
  api: Side;
  baseline: Side;
  roundRatios: number[];
  /** Requests a whole crawl takes (crawl mode). */
  crawlPaths: number | undefined;
}

export interface Summary {
  when: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  minutes: number;
  settings: string;
  rows: Row[];
  registration: { lines: string[]; ms: number | undefined };
  limits: LimitCheck[];
  pdfRender: string[];
  pdfWorker: string[];
}

const CACHE_HIT_TARGET = 2.5;
const UNCACHED_TARGET = 0.8;
const P99_TARGET = 1.3;
const REGISTRATION_TARGET_MS = 2000;
/** The representation cache's budget the API runs with (REPRESENTATION_CACHE_MB, its default). */
export const CACHE_MB = 64;
/** The API's RSS beside that budget: the highest VmRSS read after a load may be at most their sum. */
const RSS_BESIDE_CACHE_MB = 200;
const RSS_TARGET_MB = CACHE_MB + RSS_BESIDE_CACHE_MB;

/**
 * A repeated URL is a cache hit only where the route has a representation cache; elsewhere every
 * request reads Postgres, so it is judged as an uncached read.
 */
const throughputTarget = (r: Row) => (r.mode === 'hit' && r.cached ? CACHE_HIT_TARGET : UNCACHED_TARGET);
const modeName = (r: Row) =>
  r.mode === 'hit'
    ? r.cached
      ? 'hit'
      : 'repeat (no cache)'
    : r.mode === 'miss'
      ? 'miss (rotating)'
      : 'crawl';
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const judged = (ok: boolean) => (ok ? 'met' : 'MISSED');

function cells(r: Row) {
  const tp = r.api.reqPerSec / r.baseline.reqPerSec;
  const p99 = r.api.p99 / r.baseline.p99;
  const t = throughputTarget(r);
  return {
    case: r.case,
    mode: modeName(r),
    'API req/s': fmt(r.api.reqPerSec),
    'base req/s': fmt(r.baseline.reqPerSec),
    'req/s ×': `${fmt(tp, 2)} (≥ ${t}: ${judged(tp >= t)})`,
    'API p50/p99 ms': `${fmt(r.api.p50)} / ${fmt(r.api.p99)}`,
    'base p50/p99 ms': `${fmt(r.baseline.p50)} / ${fmt(r.baseline.p99)}`,
    'p99 ×': `${fmt(p99, 2)} (≤ ${P99_TARGET}: ${judged(p99 <= P99_TARGET)})`,
    'API CPU ms/req (node + pg)': `${fmt(r.api.cpuMsPerRequest, 2)} + ${fmt(r.api.pgCpuMsPerRequest, 2)}`,
    'base CPU ms/req (node + pg)': `${fmt(r.baseline.cpuMsPerRequest, 2)} + ${fmt(r.baseline.pgCpuMsPerRequest, 2)}`,
    'RSS MB API/base': `${r.api.rssMb} / ${r.baseline.rssMb} (API ≤ ${RSS_TARGET_MB}: ${judged(r.api.rssMb <= RSS_TARGET_MB)})`,
    errors: `${r.api.errors} / ${r.baseline.errors}`,
  };
}

const missedTargets = (s: Summary) => [
  ...s.rows.flatMap((r) => {
    const tp = r.api.reqPerSec / r.baseline.reqPerSec;
    const p99 = r.api.p99 / r.baseline.p99;
    return [
      ...(tp >= throughputTarget(r)
        ? []
        : [`${r.case}, ${modeName(r)}: throughput ${fmt(tp, 2)}× (target ≥ ${throughputTarget(r)}×)`]),
      ...(p99 <= P99_TARGET
        ? []
        : [`${r.case}, ${modeName(r)}: p99 ${fmt(p99, 2)}× the baseline's (target ≤ ${P99_TARGET}×)`]),
      ...(r.api.rssMb <= RSS_TARGET_MB
        ? []
        : [
            `${r.case}, ${modeName(r)}: API RSS ${r.api.rssMb} MB (target ≤ ${RSS_BESIDE_CACHE_MB} MB beside the ${CACHE_MB} MB cache: ${RSS_TARGET_MB} MB)`,
          ]),
      ...(r.api.errors + r.baseline.errors === 0
        ? []
        : [`${r.case}, ${modeName(r)}: ${r.api.errors} API / ${r.baseline.errors} baseline errors`]),
    ];
  }),
  ...(s.registration.ms !== undefined && s.registration.ms > REGISTRATION_TARGET_MS
    ? [`registration burst: ${s.registration.ms} ms (target ≤ ${REGISTRATION_TARGET_MS} ms)`]
    : []),
  // The PDF benches judge their own targets ("… missed").
  ...[...s.pdfRender, ...s.pdfWorker].filter((l) => /\bmissed\b/.test(l)).map((l) => `PDF: ${l}`),
  ...s.limits
    .filter((l) => !l.passed)
    .map((l) => `rate limit, ${l.name}: ${l.limited}× 429 for ${l.sent} requests, limit ${l.limit}`),
];

const crawlLines = (s: Summary) =>
  s.rows
    .filter((r) => r.mode === 'crawl' && r.crawlPaths !== undefined)
    .map(
      (r) =>
        `${r.case}: a whole crawl is ${r.crawlPaths} requests, ~${fmt(r.crawlPaths! / r.api.reqPerSec)} s through the API, ~${fmt(r.crawlPaths! / r.baseline.reqPerSec)} s on the baseline`,
    );

const limitLine = (l: LimitCheck) =>
  `${l.name}: limit ${l.limit} (${l.policy}), ${l.sent} sent: ${l.ok}× 200, ${l.limited}× 429, ${l.other} other; RateLimit headers ${l.headers ? 'on every answer, Retry-After on every 429' : 'MISSING'}: ${l.passed ? 'as expected' : 'NOT as expected'}`;

export function printSummary(s: Summary): void {
  console.log(`\n=== Benchmark suite, ${s.when} ===`);
  console.log(
    `Machine: ${s.machine}; load average (1/5/15 min) before ${s.loadBefore}, after ${s.loadAfter}.`,
  );
  console.log(`${s.settings}; medians of the rounds; ${fmt(s.minutes, 1)} min in all.\n`);
  console.table(s.rows.map(cells));
  for (const l of crawlLines(s)) console.log(`- ${l}`);
  if (s.registration.lines.length > 0) {
    console.log('\nRegistration burst (first run right after an API start):');
    for (const l of s.registration.lines) console.log(`  ${l}`);
  }
  if (s.limits.length > 0) {
    console.log('\nDefault rate limits:');
    for (const l of s.limits) console.log(`  ${limitLine(l)}`);
  }
  if (s.pdfRender.length > 0) console.log(`\nPDF render:\n${s.pdfRender.map((l) => `  ${l}`).join('\n')}`);
  if (s.pdfWorker.length > 0) console.log(`\nPDF worker:\n${s.pdfWorker.map((l) => `  ${l}`).join('\n')}`);
  const missed = missedTargets(s);
  console.log(
    missed.length === 0
      ? '\nEvery target met.'
      : `\nMISSED (${missed.length}):\n${missed.map((m) => `- ${m}`).join('\n')}`,
  );
}

const mdRow = (xs: string[]) => `| ${xs.map((x) => x.replaceAll('|', '\\|')).join(' | ')} |`;

export function markdown(s: Summary): string {
  const table = s.rows.map(cells);
  const head = Object.keys(table[0] ?? {});
  const out = [
    `### Benchmark suite, ${s.when.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${s.machine}; load average (1/5/15 min) before ${s.loadBefore}, after ${s.loadAfter}. ${s.settings}; medians of the rounds; ${fmt(s.minutes, 1)} min in all.`,
    '',
    ...(head.length > 0
      ? [mdRow(head), mdRow(head.map(() => '---')), ...table.map((r) => mdRow(Object.values(r)))]
      : []),
    '',
    ...crawlLines(s).map((l) => `- ${l}`),
  ];
  if (s.registration.lines.length > 0) {
    out.push(
      '',
      'Registration burst (first run right after an API start):',
      '',
      '```',
      ...s.registration.lines,
      '```',
    );
  }
  if (s.limits.length > 0)
    out.push('', 'Default rate limits:', '', ...s.limits.map((l) => `- ${limitLine(l)}`));
  if (s.pdfRender.length > 0) out.push('', 'PDF render:', '', '```', ...s.pdfRender, '```');
  if (s.pdfWorker.length > 0) out.push('', 'PDF worker:', '', '```', ...s.pdfWorker, '```');
  const missed = missedTargets(s);
  out.push(
    '',
    missed.length === 0
      ? 'Every target met.'
      : `**Missed (${missed.length}):**\n\n${missed.map((m) => `- ${m}`).join('\n')}`,
    '',
  );
  return out.join('\n');
}
