// Known vulnerabilities of the production dependencies, from the npm registry's advisories: fails on
// any of high or critical severity. A registry without the audit endpoint (a mirror answering 405 or
// 404) cannot be asked; then this says so and passes, unless AUDIT_REQUIRED=1 makes that a failure.
// Ignore an advisory only with a reason, in package.json's pnpm.auditConfig.ignoreGhsas.
import { spawnSync } from 'node:child_process';

const run = spawnSync('pnpm', ['audit', '--prod', '--audit-level', 'high', '--json'], { encoding: 'utf8' });
const output = `${run.stdout}\n${run.stderr}`;

if (
  run.status !== 0 &&
  /ERR_PNPM_AUDIT_BAD_RESPONSE/.test(output) &&
  /responded with (404|405)/.test(output)
) {
  const message =
    'audit: the registry does not answer audit requests (no advisory endpoint); nothing was checked';
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: run by pnpm directly, not through turbo
  if (process.env.AUDIT_REQUIRED === '1') {
    console.error(`${message}, and AUDIT_REQUIRED=1`);
    process.exit(1);
  }
  console.log(`${message}.`);
  process.exit(0);
}

let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(output.trim());
  console.error('audit: pnpm audit did not answer with a report');
  process.exit(1);
}
const counts = report.metadata?.vulnerabilities ?? {};
const advisories = Object.values(report.advisories ?? {});
console.log(
  `audit: ${report.metadata?.dependencies ?? '?'} production dependencies; vulnerabilities: ` +
    ['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${counts[s] ?? 0} ${s}`).join(', '),
);
const serious = advisories.filter((a) => a.severity === 'high' || a.severity === 'critical');
for (const a of serious) {
  console.error(`  ${a.severity}: ${a.module_name} ${a.vulnerable_versions} — ${a.title} (${a.url})`);
}
process.exit(serious.length > 0 ? 1 : 0);
