// What a browser downloads for the console's first page: builds apps/admin with a manifest, then
// prints every emitted chunk with its raw and gzipped size and the gzipped JavaScript of the first
// load (the entry and every chunk it imports statically), against the 200 KB budget. Lazy chunks, if
// routes get them, are listed but not counted: the first page does not load them.
// Usage: pnpm --filter @werkstatt/bench console:bundle
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const admin = join(dirname(fileURLToPath(import.meta.url)), '../../apps/admin');
const dist = join(admin, 'dist');

execFileSync('pnpm', ['exec', 'vite', 'build', '--manifest', '--logLevel', 'warn'], {
  cwd: admin,
  stdio: 'inherit',
});

const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const sizes = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

// The first load: the HTML entry and the closure of its static imports, with their CSS.
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const firstLoad = new Set();
const visit = (key) => {
  if (firstLoad.has(key)) return;
  firstLoad.add(key);
  for (const dep of manifest[key].imports ?? []) visit(dep);
};
visit(entryKey);

const rows = [];
for (const [key, chunk] of Object.entries(manifest)) {
  for (const file of [chunk.file, ...(chunk.css ?? [])]) {
    if (rows.some((r) => r.file === file)) continue;
    rows.push({ file, first: firstLoad.has(key), ...sizes(file) });
  }
}
rows.sort((a, b) => b.gzip - a.gzip);

console.log(`${'chunk'.padEnd(44)} ${'raw KB'.padStart(7)} ${'gzip KB'.padStart(7)}  first load`);
for (const r of rows)
  console.log(`${r.file.padEnd(44)} ${kb(r.raw)} ${kb(r.gzip)}  ${r.first ? 'yes' : 'no'}`);

const js = rows.filter((r) => r.first && r.file.endsWith('.js')).reduce((sum, r) => sum + r.gzip, 0);
const css = rows.filter((r) => r.first && r.file.endsWith('.css')).reduce((sum, r) => sum + r.gzip, 0);
// No route is split off yet, so the sign-in page and the invitation page load the same files.
console.log(
  `\nfirst load (every page, sign-in and invitation included): JS ${kb(js).trim()} KB gzip, CSS ${kb(css).trim()} KB gzip`,
);
console.log(`budget: JS <= ${BUDGET_KB} KB gzip: ${js <= BUDGET_KB * 1024 ? 'met' : 'EXCEEDED'}`);
process.exitCode = js <= BUDGET_KB * 1024 ? 0 : 1;
