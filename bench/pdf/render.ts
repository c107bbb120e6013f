import { parseArgs } from 'node:util';
import { renderStrategyPdf } from '@werkstatt/strategy-pdf';
import { largeStrategy } from '@werkstatt/strategy-pdf/fixtures';

/**
 * Render time of the strategy PDF for a large version: by default 9 fields, 100 measures and 100 ideas,
 * each measure with its fact sheet. Three warm-up renders (JIT, font shaping caches), then 15 measured
 * ones. Target: median ≤ 400 ms on the project's 2-core machine.
 *
 *   pnpm --filter @werkstatt/bench pdf:render [--runs 15] [--warmup 3] [--fields 9] [--measures 100] [--ideas 100]
 */
const { values } = parseArgs({
  // pnpm passes a "--" through to the script.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    fields: { type: 'string', default: '9' },
    measures: { type: 'string', default: '100' },
    ideas: { type: 'string', default: '100' },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const doc = largeStrategy({
  fields: Number(values.fields),
  measures: Number(values.measures),
  ideas: Number(values.ideas),
});

const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < warmup; i++) await renderStrategyPdf(doc);

const wall: number[] = [];
const cpu: number[] = [];
let pages = 0;
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await renderStrategyPdf(doc);
  wall.push(performance.now() - start);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
  pages = result.pageCount;
  bytes = result.buffer.length;
}

const quantile = (list: number[], q: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = quantile(wall, 0.5);

console.log(
  `strategy PDF: ${values.fields} fields, ${values.measures} measures, ${values.ideas} ideas; ` +
    `${warmup} warm-ups, ${runs} runs`,
);
console.log(
  `render time  median ${ms(median)}  p90 ${ms(quantile(wall, 0.9))}  min ${ms(Math.min(...wall))}  max ${ms(Math.max(...wall))}`,
);
console.log(`CPU time     median ${ms(quantile(cpu, 0.5))}  p90 ${ms(quantile(cpu, 0.9))}`);
console.log(`document     ${pages} pages, ${bytes.toLocaleString('de-DE')} bytes`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
console.log(
  `peak RSS     ${mib(process.resourceUsage().maxRSS * 1024)} (before the first render ${mib(rssBefore)})`,
);
console.log(`target       median ≤ 400 ms: ${median <= 400 ? 'met' : 'missed'}`);
