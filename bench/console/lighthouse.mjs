// Lighthouse on the console as production serves it: builds apps/admin, starts the API (with its demo
// data), the worker, PostgreSQL and Redis as the e2e tests do (apps/admin/e2e/stack.mjs), serves the
// build with nginx and the image's server config (docker/console: compression, caching, the strict
// CSP), and audits the sign-in page, an invitation page and, signed in, the Übersicht, with the mobile
// and the desktop preset. Prints performance, accessibility and best-practices scores with FCP, LCP,
// TBT and CLS, and the audits that cost points when a score misses its target. Writes nothing to the
// repository.
// Needs: Debian's chromium (CHROME_PATH, default `which chromium`), nginx (Debian: nginx-light; without
// it the build is served by `vite preview`, uncompressed, and the script says so), DATABASE_URL and
// REDIS_URL as for the e2e tests (default: local PostgreSQL and Redis).
// Usage: pnpm --filter @werkstatt/bench console:lighthouse [--runs N (3)] [--only mobile|desktop]
//          [--page anmelden|einladung|signed] [--save DIR (the JSON reports)]
// Scores and figures are the median of the runs; TBT suffers most on a busy machine (the load average
// is printed), so compare runs made at rest.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';
import { freePort, startStack } from '../../apps/admin/e2e/stack.mjs';
import { createInvitations } from '../../apps/admin/e2e/support.mjs';
import { nginxBinary, startNginx } from '../../docker/console/serve.mjs';

const TARGETS = { performance: 90, accessibility: 95 };
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const office = { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' };
const admin = join(dirname(fileURLToPath(import.meta.url)), '../../apps/admin');

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    page: { type: 'string' },
    save: { type: 'string' },
  },
});
const runs = Number(args.runs);
const presets = [
  { name: 'mobile', config: undefined },
  { name: 'desktop', config: desktopConfig },
].filter((p) => !args.only || p.name === args.only);

const chromePath =
  process.env.CHROME_PATH || execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();

/** The production build in a temporary folder, with a .gz beside each text file as the image has. */
async function build() {
  const outDir = await mkdtemp(join(tmpdir(), 'werkstatt-lighthouse-'));
  await chmod(outDir, 0o755);
  execFileSync('pnpm', ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: admin,
    stdio: 'inherit',
  });
  for (const entry of readdirSync(outDir, { recursive: true })) {
    const file = join(outDir, entry);
    if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
    const bytes = readFileSync(file);
    if (bytes.length > 1024) writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  }
  return outDir;
}

const ms = (v) => (v === undefined ? 'n/a' : `${Math.round(v)} ms`).padStart(8);
const line = (r) =>
  `${r.page.padEnd(14)} ${r.preset.padEnd(8)} ${CATEGORIES.map((c) => String(r.scores[c]).padStart(4)).join(' ')}  ` +
  `FCP ${ms(r.fcp)}  LCP ${ms(r.lcp)}  TBT ${ms(r.tbt)}  CLS ${r.cls?.toFixed(3) ?? 'n/a'}`;
const HEADER = `${'page'.padEnd(14)} ${'preset'.padEnd(8)} perf a11y  b-p`;

/** One line per run, and below it what cost points in a category that missed its target. */
function report(page, preset, lhr) {
  const a = lhr.audits;
  const result = {
    page,
    preset,
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
    fcp: a['first-contentful-paint']?.numericValue,
    lcp: a['largest-contentful-paint']?.numericValue,
    tbt: a['total-blocking-time']?.numericValue,
    cls: a['cumulative-layout-shift']?.numericValue,
  };
  console.log(line(result));
  for (const [id, target] of Object.entries(TARGETS)) {
    if (result.scores[id] >= target) continue;
    for (const ref of lhr.categories[id].auditRefs) {
      const audit = a[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
        console.log(
          `    ${id} below ${target}: ${ref.id} (${audit.score}) ${audit.displayValue ?? ''} – ${audit.title}`,
        );
      }
    }
  }
  if (lhr.runtimeError) console.log(`    error: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  for (const warning of lhr.runWarnings) console.log(`    warning: ${warning}`);
  const errors = a['errors-in-console']?.details?.items ?? [];
  for (const e of errors) console.log(`    console: ${e.source}: ${e.description}`);
  return result;
}

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined).sort((x, y) => x - y);
  return sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** Per page and preset, the median of each figure over the runs (Lighthouse varies from run to run). */
function medians(results) {
  const groups = new Map();
  for (const r of results)
    groups.set(`${r.page} ${r.preset}`, [...(groups.get(`${r.page} ${r.preset}`) ?? []), r]);
  return [...groups.values()].map((rs) => ({
    page: rs[0].page,
    preset: rs[0].preset,
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(rs.map((r) => r.scores[c]))])),
    ...Object.fromEntries(['fcp', 'lcp', 'tbt', 'cls'].map((k) => [k, median(rs.map((r) => r[k]))])),
  }));
}

const nginxPort = await freePort();
const nginx = nginxBinary();
// The API accepts the refresh cookie from the origin nginx serves (besides APP_URL, the stack's own).
if (nginx) process.env.CORS_ORIGINS = `http://localhost:${nginxPort}`;
const outDir = await build();
const stack = await startStack({ built: true });
let server;
let chrome;
const results = [];
try {
  let base = stack.appUrl;
  if (nginx) {
    server = await startNginx({
      root: outDir,
      apiUpstream: `127.0.0.1:${new URL(stack.apiUrl).port}`,
      port: nginxPort,
    });
    base = server.url;
  } else {
    console.warn('no nginx on PATH: auditing `vite preview`, which does not compress (Debian: nginx-light)');
  }
  const { invitations } = await createInvitations(stack.apiUrl, office);
  const pages = [
    { name: '/anmelden', url: `${base}/anmelden` },
    { name: '/einladung', url: `${base}/einladung/${invitations[0].token}` },
    { name: '/ (signed in)', url: `${base}/`, signedIn: true },
  ];

  chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=de-DE'],
  });
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  console.log(
    `console at ${base} (${nginx ? 'nginx, docker/console' : 'vite preview'}), chromium ${chromePath}`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores; ${runs} run(s) each`,
  );
  console.log(HEADER);
  for (const target of pages.filter((p) => !args.page || p.name.includes(args.page))) {
    if (target.signedIn) {
      // Signs in as the console does (cookie mode); the browser keeps the rotating refresh cookie,
      // and the console signs in silently with it on every load.
      await page.goto(`${base}/anmelden`);
      const status = await page.evaluate(async (body) => {
        const res = await fetch('/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-werkstatt-client': 'browser' },
          body: JSON.stringify(body),
        });
        return res.status;
      }, office);
      if (status !== 200) throw new Error(`sign-in in the browser: ${status}`);
    }
    for (const preset of presets) {
      for (let run = 0; run < runs; run++) {
        const audit = () =>
          lighthouse(
            target.url,
            { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
            preset.config,
            page,
          );
        let result = await audit();
        // A run whose trace broke (NO_NAVSTART and the like, on a busy machine) is run again, twice at most.
        for (let retry = 0; result.lhr.runtimeError && retry < 2; retry++) {
          console.log(`    run again after ${result.lhr.runtimeError.code}`);
          result = await audit();
        }
        if (target.signedIn && new URL(result.lhr.finalDisplayedUrl).pathname !== '/') {
          throw new Error(`not signed in: the Übersicht went to ${result.lhr.finalDisplayedUrl}`);
        }
        results.push(report(target.name, preset.name, result.lhr));
        if (args.save) {
          const file = `${target.name.replace(/\W+/g, '-').replace(/^-|-$/g, '')}-${preset.name}-${run + 1}.json`;
          writeFileSync(join(args.save, file || 'index'), result.report);
        }
      }
    }
  }
  await browser.disconnect();
} finally {
  await chrome?.kill();
  await server?.stop();
  await stack.stop();
  await rm(outDir, { recursive: true, force: true });
}

const summary = medians(results);
console.log(`\nmedian of ${runs} run(s)\n${HEADER}`);
for (const r of summary) console.log(line(r));
const missed = summary.filter((r) => Object.entries(TARGETS).some(([id, t]) => r.scores[id] < t));
console.log(
  missed.length === 0
    ? `targets met on every page: performance >= ${TARGETS.performance}, accessibility >= ${TARGETS.accessibility}`
    : `targets MISSED: ${missed.map((r) => `${r.page} ${r.preset}`).join(', ')}`,
);
process.exitCode = missed.length === 0 ? 0 : 1;
