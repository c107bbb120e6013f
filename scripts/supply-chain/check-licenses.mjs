#!/usr/bin/env node
// Licence check of the production dependencies of what Werkstatt ships (see shipped.mjs), from
// `pnpm licenses list --prod --json`. Strong and network copyleft, non-free and unknown licences
// fail unless license-exceptions.json names the package with its licence and a reason; weak
// copyleft passes but is listed, so that its obligations stay visible. Exits 1 on a violation.
//   node scripts/supply-chain/check-licenses.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pnpmJson, root, shippedPackages } from './shipped.mjs';

/** Permissive: a notice to keep, nothing more. */
const PERMISSIVE = [
  /^MIT(-0)?$/,
  /^ISC$/,
  /^BSD-[23]-Clause$/,
  /^0BSD$/,
  /^Apache-2\.0$/,
  /^Unlicense$/,
  /^BlueOak-1\.0\.0$/,
  /^Zlib$/,
  /^CC0-1\.0$/,
  /^CC-BY-[34]\.0$/,
  /^Python-2\.0$/,
  /^WTFPL$/,
];
/**
 * Weak copyleft: obligations attach to the component itself (its files, the library, the font), not
 * to Werkstatt's code, and unmodified use from node_modules or a bundle meets them with the notice
 * and the component's source at hand. Listed for review on every run, not failed.
 */
const WEAK_COPYLEFT = [/^LGPL-/, /^MPL-/, /^EPL-/, /^CDDL-/, /^OFL-1\.1/];
/**
 * Fails: strong copyleft (GPL) would put Werkstatt's own code under its terms when delivered;
 * network copyleft (AGPL, SSPL, EUPL: its "communication" covers offering the work over a network)
 * would do so for a hosted service, which is how Werkstatt runs; share-alike and non-commercial
 * content licences, source-available and proprietary ones are no open-source grant for this use.
 */
const DENIED = [
  /^A?GPL-/,
  /^SSPL-/,
  /^EUPL-/,
  /^OSL-/,
  /^CPAL-/,
  /^RPL-/,
  /^CC-BY-(NC|SA|ND)/,
  /^BUSL-/,
  /^UNLICENSED$/,
];

const RANK = { permissive: 0, 'weak copyleft': 1, denied: 2, unknown: 3 };

function classifyId(id) {
  if (PERMISSIVE.some((re) => re.test(id))) return 'permissive';
  if (WEAK_COPYLEFT.some((re) => re.test(id))) return 'weak copyleft';
  if (DENIED.some((re) => re.test(id))) return 'denied';
  return 'unknown';
}

/** Category of an SPDX expression: OR takes the best choice, AND the worst part, WITH its base. */
export function classify(expression) {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const worst = (a, b) => (RANK[a] >= RANK[b] ? a : b);
  const best = (a, b) => (RANK[a] <= RANK[b] ? a : b);
  const primary = () => {
    const token = tokens[i++];
    if (token === '(') {
      const inner = or();
      if (tokens[i++] !== ')') return 'unknown';
      return inner;
    }
    if (token === undefined || /^(AND|OR|WITH|\))$/i.test(token)) return 'unknown';
    // An exception (Classpath, LLVM, ...) widens a grant; judged by the licence it amends.
    if (/^WITH$/i.test(tokens[i] ?? '')) i += 2;
    return classifyId(token.replace(/\+$/, ''));
  };
  const and = () => {
    let result = primary();
    while (/^AND$/i.test(tokens[i] ?? '')) {
      i++;
      result = worst(result, primary());
    }
    return result;
  };
  const or = () => {
    let result = and();
    while (/^OR$/i.test(tokens[i] ?? '')) {
      i++;
      result = best(result, and());
    }
    return result;
  };
  const result = or();
  return i === tokens.length ? result : 'unknown';
}

function main() {
  const exceptionsFile = path.join(root, 'scripts/supply-chain/license-exceptions.json');
  /** @type {{ name: string, license: string, reason: string }[]} */
  const exceptions = JSON.parse(readFileSync(exceptionsFile, 'utf8')).exceptions;
  for (const e of exceptions) {
    if (!e.name || !e.license || !e.reason?.trim()) {
      throw new Error(
        `license-exceptions.json: every entry needs name, license and reason: ${JSON.stringify(e)}`,
      );
    }
  }

  /** @type {Record<string, { name: string, versions: string[], license: string }[]>} */
  const byLicense = pnpmJson(['licenses', 'list', '--prod']);
  const used = new Set();
  const counts = {};
  const weak = [];
  const violations = [];
  const excepted = [];
  let total = 0;
  for (const [license, packages] of Object.entries(byLicense)) {
    const category = classify(license);
    for (const pkg of packages) {
      total += 1;
      counts[license] = (counts[license] ?? 0) + 1;
      const id = `${pkg.name}@${pkg.versions.join(', ')}`;
      if (category === 'weak copyleft') weak.push(`${id}  ${license}`);
      if (category !== 'denied' && category !== 'unknown') continue;
      // Bound to the licence too: a package that changes its licence is reviewed again.
      const exception = exceptions.find((e) => e.name === pkg.name && e.license === license);
      if (exception) {
        used.add(exception);
        excepted.push(`${id}  ${license}  (${exception.reason})`);
      } else {
        violations.push(`${id}  ${license}  [${category}]`);
      }
    }
  }

  console.log(
    `Licences of the production dependencies of ${shippedPackages().join(', ')}: ${total} packages`,
  );
  for (const [license, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(count).padStart(4)}  ${license}  (${classify(license)})`);
  }
  const list = (title, lines) => {
    if (lines.length === 0) return;
    console.log(`\n${title}:`);
    for (const line of lines.sort()) console.log(`  ${line}`);
  };
  list(
    'Weak copyleft (allowed; keep the notice, ship the component unmodified or publish changes to it)',
    weak,
  );
  list('Allowed by license-exceptions.json', excepted);
  const stale = exceptions.filter((e) => !used.has(e));
  list(
    'Unused exceptions (remove them from license-exceptions.json)',
    stale.map((e) => `${e.name}  ${e.license}`),
  );
  list('VIOLATIONS (strong or network copyleft, non-free or unknown licence)', violations);
  if (violations.length > 0) {
    console.log(
      '\nReplace the package, or add it to scripts/supply-chain/license-exceptions.json with its licence and the reason it is acceptable.',
    );
    process.exit(1);
  }
  console.log('\nLicence check passed.');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
