#!/usr/bin/env node
// Compares the committed OpenAPI contract with the one of the last release tag (newest `v*` tag
// reachable from HEAD) and fails on breaking changes that breaking-changes.approved.json does not
// approve with a reason. Exit codes: 0 passed, 1 unapproved breaking changes, 2 usage or input error.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dereference } from '@apidevtools/json-schema-ref-parser';
import { findBreakingChanges } from './contract-diff.mjs';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TAG_PATTERN = 'v*';
const USAGE = `Usage: check-breaking [--base <file> | --base-ref <git ref>] [--current <file>] [--approvals <file>]

  --current <file>    the contract to check (default: packages/api-client/openapi.json)
  --base <file>       compare against this file instead of the last release tag
  --base-ref <ref>    compare against the contract at this git ref (tag, branch, commit)
  --approvals <file>  approved breaking changes (default: packages/api-client/breaking-changes.approved.json)`;

class InputError extends Error {}

function git(cwd, args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function tryGit(cwd, args) {
  try {
    return git(cwd, args);
  } catch {
    return null;
  }
}

function lastReleaseTag(cwd) {
  const describe = ['describe', '--tags', '--abbrev=0', '--match', TAG_PATTERN];
  const tag = tryGit(cwd, describe);
  if (tag) return tag;
  // A shallow clone may lack the tagged commit; fetch the history once and look again.
  if (tryGit(cwd, ['rev-parse', '--is-shallow-repository']) === 'true') {
    console.log('The clone is shallow; fetching tags and history to find the last release.');
    if (tryGit(cwd, ['fetch', '--quiet', '--tags', '--unshallow']) !== null) return tryGit(cwd, describe);
    console.log('Fetching the history failed.');
  }
  return null;
}

/** The base contract, or null when there is none to compare against (no release yet). */
function loadBase(options, currentFile) {
  if (options.base) return { label: options.base, text: readText(options.base) };
  const dir = path.dirname(currentFile);
  const top = tryGit(dir, ['rev-parse', '--show-toplevel']);
  if (!top) {
    if (options['base-ref']) throw new InputError(`${currentFile} is not inside a git repository.`);
    console.log(`No git repository around ${currentFile}, so no release tag: nothing to compare against.`);
    return null;
  }
  const ref = options['base-ref'] ?? lastReleaseTag(top);
  if (!ref) {
    console.log(
      `No release tag (${TAG_PATTERN}) reachable from HEAD: no released contract to compare against.`,
    );
    return null;
  }
  const relative = path.relative(top, currentFile).split(path.sep).join('/');
  if (!tryGit(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) {
    throw new InputError(`Unknown git ref: ${ref}`);
  }
  const text = tryGit(top, ['show', `${ref}:${relative}`]);
  if (text === null) {
    console.log(`${relative} does not exist at ${ref}: no released contract to compare against.`);
    return null;
  }
  return { label: `${relative} at ${ref}`, ref, text };
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}: ${error.message}`);
  }
}

async function contract(text, label) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${label} is not JSON: ${error.message}`);
  }
  if (!document || typeof document.paths !== 'object') throw new InputError(`${label} has no paths.`);
  // Only references inside the document; the contract never points at files or URLs.
  return dereference(document, { resolve: { external: false }, dereference: { circular: true } });
}

/** @returns {{ id: string, reason: string, since?: string }[]} */
function readApprovals(file) {
  if (!existsSync(file)) return [];
  let entries;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file} is not JSON: ${error.message}`);
  }
  if (!Array.isArray(entries))
    throw new InputError(`${file} must be a JSON list of { "id", "reason" } entries.`);
  const problems = [];
  entries.forEach((entry, index) => {
    const at = `${path.basename(file)}[${index}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${at} is not an object.`);
      return;
    }
    const unknown = Object.keys(entry).filter((key) => !['id', 'reason', 'since'].includes(key));
    if (unknown.length > 0) problems.push(`${at} has unknown fields: ${unknown.join(', ')}.`);
    if (typeof entry.id !== 'string' || entry.id.trim() === '') problems.push(`${at} has no "id".`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      problems.push(
        `${at} (${entry.id ?? 'no id'}) has no "reason": say why breaking the contract is acceptable.`,
      );
    }
    if (entry.since !== undefined && typeof entry.since !== 'string')
      problems.push(`${at} "since" must be a string.`);
  });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return entries;
}

function printReport({ label, currentLabel, changes, approvals }) {
  const approvedBy = new Map(approvals.map((entry) => [entry.id, entry]));
  const unapproved = changes.filter((change) => !approvedBy.has(change.id));
  const approved = changes.filter((change) => approvedBy.has(change.id));
  const stale = approvals.filter((entry) => !changes.some((change) => change.id === entry.id));
  console.log(`Contract check: ${currentLabel} against ${label}`);
  if (unapproved.length > 0) {
    console.log(`\nBreaking changes (${unapproved.length}):`);
    for (const change of unapproved) console.log(`  BREAKING ${change.id}\n           ${change.message}`);
  }
  if (approved.length > 0) {
    console.log(`\nApproved breaking changes (${approved.length}):`);
    for (const change of approved) {
      console.log(`  approved ${change.id}\n           reason: ${approvedBy.get(change.id).reason}`);
    }
  }
  if (stale.length > 0) {
    console.log(
      `\nWarning: ${stale.length} approval(s) match no change (stale; remove them from the approvals file):`,
    );
    for (const entry of stale) console.log(`  stale    ${entry.id}`);
  }
  const verdict = unapproved.length > 0 ? 'FAILED' : 'passed';
  console.log(
    `\nSummary: ${changes.length} breaking change(s), ${approved.length} approved, ${unapproved.length} not approved, ${stale.length} stale approval(s). Contract check ${verdict}.`,
  );
  if (unapproved.length > 0) {
    console.log(
      'Restore what the released contract promised, or, when the break is intended, add each id with a\n' +
        '"reason" to packages/api-client/breaking-changes.approved.json (see docs/api.md, "Breaking changes and the contract").',
    );
  }
  return unapproved.length > 0 ? 1 : 0;
}

async function main(argv) {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        'base-ref': { type: 'string' },
        current: { type: 'string' },
        approvals: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new InputError(`${error.message}\n${USAGE}`);
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.base && options['base-ref'])
    throw new InputError(`Give --base or --base-ref, not both.\n${USAGE}`);
  const currentFile = path.resolve(options.current ?? path.join(packageDir, 'openapi.json'));
  const approvals = readApprovals(
    path.resolve(options.approvals ?? path.join(packageDir, 'breaking-changes.approved.json')),
  );
  const base = loadBase(options, currentFile);
  if (!base) {
    console.log('Contract check passed (nothing to compare).');
    return 0;
  }
  const relative = path.relative(process.cwd(), currentFile);
  const currentLabel = relative && !relative.startsWith('..') ? relative : currentFile;
  const changes = findBreakingChanges(
    await contract(base.text, base.label),
    await contract(readText(currentFile), currentLabel),
  );
  return printReport({ label: base.label, currentLabel, changes, approvals });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(`Contract check error:\n${error.message}`);
  process.exitCode = 2;
}
