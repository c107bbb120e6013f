import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The layering rules live in biome.json (noRestrictedImports per folder), so `pnpm lint` fails on a
// violation. This runs the repository's own configuration on small files laid out like the API's
// source, one import each, and shows which imports it rejects.

const root = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const biome = path.join(root, 'node_modules/.bin/biome');
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'werkstatt-layering-'));
  const config = JSON.parse(await readFile(path.join(root, 'biome.json'), 'utf8'));
  // Only the import rules matter here, on files outside any git repository.
  config.vcs = { enabled: false };
  config.files = { includes: ['**'] };
  await writeFile(path.join(dir, 'biome.json'), JSON.stringify(config));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Lints one file with `source` at `file` (relative to the repository root); the rules it broke. */
async function violations(file: string, source: string): Promise<string[]> {
  const at = path.join(dir, file);
  await mkdir(path.dirname(at), { recursive: true });
  await writeFile(at, source);
  try {
    await run(biome, ['lint', '--only=style/noRestrictedImports', '--reporter=json', file], { cwd: dir });
    return [];
  } catch (err) {
    const { stdout } = err as { stdout: string };
    const report = JSON.parse(stdout) as { diagnostics: { category: string }[] };
    return report.diagnostics.map((d) => d.category);
  } finally {
    await rm(at);
  }
}

const restricted = ['lint/style/noRestrictedImports'];

describe('layering lint rule', () => {
  it('lets a module use another module only through its index.ts', async () => {
    const file = 'apps/api/src/modules/users/users.service.ts';
    expect(await violations(file, "export { revokeAllOfUser } from '../auth/auth.data.js';\n")).toEqual(
      restricted,
    );
    expect(await violations(file, "export { hashSecret } from '../auth/tokens.js';\n")).toEqual(restricted);
    expect(await violations(file, "export { revokeAllOfUser } from '../auth/index.js';\n")).toEqual([]);
    expect(await violations(file, "export { recordAudit } from '../../lib/audit.js';\n")).toEqual([]);
    expect(await violations(file, "export * as data from './users.data.js';\n")).toEqual([]);
    const helper = 'apps/api/src/modules/workshops/seats.ts';
    expect(await violations(helper, "export { findProgram } from '../programs/programs.data.js';\n")).toEqual(
      restricted,
    );
  });

  it('keeps routes off data access and tables, and services and data off HTTP', async () => {
    const route = 'apps/api/src/modules/users/users.routes.ts';
    expect(await violations(route, "export { findUser } from './users.data.js';\n")).toEqual(restricted);
    expect(await violations(route, "export { users } from '@werkstatt/db';\n")).toEqual(restricted);
    expect(await violations(route, "export * as service from './users.service.js';\n")).toEqual([]);
    const service = 'apps/api/src/modules/users/users.service.ts';
    expect(await violations(service, "export type { FastifyRequest } from 'fastify';\n")).toEqual(restricted);
    const data = 'apps/api/src/modules/users/users.data.ts';
    expect(await violations(data, "export { createUser } from './users.service.js';\n")).toEqual(restricted);
    expect(await violations(data, "export type { FastifyReply } from 'fastify';\n")).toEqual(restricted);
  });

  it('keeps lib/ free of domain modules, and plugins on their public surface', async () => {
    const lib = 'apps/api/src/lib/helper.ts';
    expect(await violations(lib, "export { toUserDto } from '../modules/users/index.js';\n")).toEqual(
      restricted,
    );
    expect(await violations(lib, "export { AppError } from './errors.js';\n")).toEqual([]);
    const plugin = 'apps/api/src/plugins/helper.ts';
    expect(await violations(plugin, "export { hashSecret } from '../modules/auth/tokens.js';\n")).toEqual(
      restricted,
    );
    expect(await violations(plugin, "export { hashSecret } from '../modules/auth/index.js';\n")).toEqual([]);
  });

  it('keeps worker handlers to their data files and to jobScope', async () => {
    const handler = 'apps/worker/src/mail/welcome.ts';
    expect(await violations(handler, "export { eq } from 'drizzle-orm';\n")).toEqual(restricted);
    expect(await violations(handler, "export { scopedDatabase } from '@werkstatt/db';\n")).toEqual(
      restricted,
    );
    expect(await violations(handler, "export { jobScope } from '../scope.js';\n")).toEqual([]);
    expect(
      await violations('apps/worker/src/mail/welcome.data.ts', "export { eq } from 'drizzle-orm';\n"),
    ).toEqual([]);
  });
});
