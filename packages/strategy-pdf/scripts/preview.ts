import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStrategy, largeStrategy, singleFieldStrategy } from '../src/fixtures.js';
import { renderStrategyPdf } from '../src/index.js';

// Renders the demo and a strategy with a single field and nothing else (or, with --large, the
// 9 × 100 × 100 version) to out/ as PDF and PNG pages to look at.
const large = process.argv.includes('--large');
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');
mkdirSync(outDir, { recursive: true });
const documents = large
  ? { large: largeStrategy() }
  : { demo: demoStrategy(), 'single-field': singleFieldStrategy() };
for (const [name, doc] of Object.entries(documents)) {
  const started = performance.now();
  const { buffer, pageCount } = await renderStrategyPdf(doc);
  const ms = performance.now() - started;
  const pdfPath = path.join(outDir, `${name}.pdf`);
  writeFileSync(pdfPath, buffer);
  for (const file of readdirSync(outDir)) {
    if (file.startsWith(`${name}-`) && file.endsWith('.png')) rmSync(path.join(outDir, file));
  }
  execFileSync('pdftoppm', ['-r', '60', '-png', pdfPath, path.join(outDir, name)]);
  console.log(
    `${pdfPath}: ${pageCount} pages, ${buffer.length} bytes, ${ms.toFixed(0)} ms; PNG pages in ${outDir}`,
  );
}
