// What Werkstatt ships, read from docker/Dockerfile so that the list cannot drift from the images: the
// workspace packages it deploys or builds (`pnpm --filter <name> deploy|build`), with the workspace
// packages they depend on. The licence check and the SBOM cover these and their production
// dependencies; bench/ and examples/ are not delivered.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The workspace packages the Dockerfile deploys or builds, e.g. ['@werkstatt/api', ...]. */
export function shippedPackages() {
  const dockerfile = readFileSync(path.join(root, 'docker/Dockerfile'), 'utf8');
  const names = [...dockerfile.matchAll(/pnpm --filter (@werkstatt\/[\w-]+) (?:deploy|build)\b/g)].map(
    (m) => m[1],
  );
  if (names.length === 0) throw new Error('docker/Dockerfile deploys or builds no @werkstatt package');
  return [...new Set(names)].sort();
}

/** `pnpm <args> --json` over the shipped packages and the workspace packages they use. */
export function pnpmJson(args) {
  const filters = shippedPackages().flatMap((name) => ['--filter', `${name}...`]);
  const out = execFileSync('pnpm', [...filters, ...args, '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}
