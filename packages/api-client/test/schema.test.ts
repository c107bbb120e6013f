import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The package's exports map "./*.js" to "*.mjs", so the CLI is found next to its entry point.
const cli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('openapi-typescript')),
  '../bin/cli.js',
);

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line === -1 ? Math.min(a.length, b.length) : line;
  return `line ${at + 1}: committed ${JSON.stringify(b[at] ?? '<end of file>')}, expected ${JSON.stringify(a[at] ?? '<end of file>')}`;
}

describe('generated client types', () => {
  it('src/schema.d.ts is what openapi-typescript makes from the committed openapi.json', async () => {
    // Same CLI and arguments as `pnpm generate`, written to stdout instead of the file.
    const { stdout: regenerated } = await promisify(execFile)(process.execPath, [cli, 'openapi.json'], {
      cwd: packageDir,
      maxBuffer: 64 * 1024 * 1024,
    });
    const committed = await readFile(path.join(packageDir, 'src/schema.d.ts'), 'utf8');
    expect(regenerated).toContain('export interface paths');
    if (regenerated !== committed) {
      expect.fail(
        `packages/api-client/src/schema.d.ts is stale (${firstDifference(regenerated, committed)}). Run \`pnpm openapi\` and commit the result.`,
      );
    }
  });
});
