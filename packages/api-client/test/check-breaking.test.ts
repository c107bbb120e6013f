import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(packageDir, 'scripts/check-breaking.mjs');

// biome-ignore lint/suspicious/noExplicitAny: fixture documents are edited freely, deep into their paths
type Json = Record<string, any>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });

/** A released contract in miniature: $refs, allOf, a nullable anyOf, a recursive schema, a shared enum. */
function released(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1.0.0' },
    paths: {
      '/v1/programs': {
        get: {
          operationId: 'listPrograms',
          parameters: [
            { in: 'query', name: 'status', required: false, schema: ref('ProgramStatus') },
            { in: 'query', name: 'limit', required: false, schema: { type: 'integer', maximum: 200 } },
          ],
          responses: {
            '200': { description: 'A page', content: json(ref('ProgramPage')) },
            '400': { description: 'Bad request' },
          },
        },
        post: {
          operationId: 'createProgram',
          requestBody: { required: true, content: json(ref('CreateProgramInput')) },
          responses: { '201': { description: 'Created', content: json(ref('Program')) } },
        },
      },
      '/v1/programs/{id}': {
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } }],
        get: {
          operationId: 'getProgram',
          responses: { '200': { description: 'The program', content: json(ref('Program')) } },
        },
        delete: { operationId: 'deleteProgram', responses: { '204': { description: 'Deleted' } } },
      },
    },
    components: {
      schemas: {
        ProgramStatus: { type: 'string', enum: ['draft', 'active', 'archived'] },
        Named: {
          type: 'object',
          required: ['displayName'],
          properties: { displayName: { type: 'string', maxLength: 200 } },
        },
        Person: {
          allOf: [
            ref('Named'),
            { type: 'object', properties: { email: { type: 'string', maxLength: 320 } } },
          ],
        },
        Program: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'status', 'owner', 'children'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string', maxLength: 200 },
            status: ref('ProgramStatus'),
            owner: { anyOf: [ref('Person'), { type: 'null' }] },
            children: { type: 'array', items: ref('Program') },
          },
        },
        ProgramPage: {
          type: 'object',
          required: ['data', 'nextCursor'],
          properties: {
            data: { type: 'array', items: ref('Program') },
            nextCursor: { type: ['string', 'null'] },
          },
        },
        CreateProgramInput: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 200 },
            status: ref('ProgramStatus'),
            summary: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
  };
}

let dir: string;
let fixture = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'contract-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

async function cliRun(args: string[], cwd = packageDir): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Checks `change(released())` against `released()`, with the given approvals. */
async function check(change: (doc: Json) => void, approvals: unknown = []) {
  fixture += 1;
  const current = released();
  change(current);
  return cliRun([
    '--base',
    await writeJson(`base-${fixture}.json`, released()),
    '--current',
    await writeJson(`current-${fixture}.json`, current),
    '--approvals',
    await writeJson(`approvals-${fixture}.json`, approvals),
  ]);
}

describe('contract check against a base file', () => {
  it('passes an unchanged contract', async () => {
    const { code, output } = await check(() => {});
    expect(code).toBe(0);
    expect(output).toContain('0 breaking change(s)');
    expect(output).toContain('Contract check passed.');
  });

  it('fails on a removed response field, through $ref and array items', async () => {
    const { code, output } = await check((doc) => {
      delete doc.components.schemas.Program.properties.name;
      doc.components.schemas.Program.required = ['id', 'status', 'owner', 'children'];
    });
    expect(code).toBe(1);
    expect(output).toContain('BREAKING response-property-removed GET /v1/programs 200 data[].name');
    expect(output).toContain('BREAKING response-property-removed GET /v1/programs/{id} 200 name');
    expect(output).toContain('BREAKING response-property-removed POST /v1/programs 201 name');
    expect(output).toContain('Contract check FAILED.');
  });

  it('fails on a field removed from an allOf part behind a nullable anyOf', async () => {
    const { code, output } = await check((doc) => {
      doc.components.schemas.Named.properties = { fullName: { type: 'string' } };
      doc.components.schemas.Named.required = ['fullName'];
    });
    expect(code).toBe(1);
    expect(output).toContain('response-property-removed GET /v1/programs 200 data[].owner.displayName');
  });

  it('fails on a removed operation and names its operationId', async () => {
    const { code, output } = await check((doc) => {
      delete doc.paths['/v1/programs/{id}'].delete;
    });
    expect(code).toBe(1);
    expect(output).toContain('BREAKING operation-removed DELETE /v1/programs/{id}');
    expect(output).toContain('Operation deleteProgram was removed.');
  });

  it('says where an operation went when only its path changed', async () => {
    const { code, output } = await check((doc) => {
      doc.paths['/v1/program-list'] = { get: doc.paths['/v1/programs'].get };
      delete doc.paths['/v1/programs'].get;
    });
    expect(code).toBe(1);
    expect(output).toContain('operation-removed GET /v1/programs');
    expect(output).toContain('it is now GET /v1/program-list');
  });

  it('fails on a removed enum value, in responses and in what clients send', async () => {
    const { code, output } = await check((doc) => {
      doc.components.schemas.ProgramStatus.enum = ['draft', 'active'];
    });
    expect(code).toBe(1);
    expect(output).toContain('response-enum-value-removed GET /v1/programs 200 data[].status "archived"');
    expect(output).toContain('request-enum-value-removed GET /v1/programs query.status "archived"');
    expect(output).toContain('request-enum-value-removed POST /v1/programs body.status "archived"');
  });

  it('fails when an optional query parameter becomes required', async () => {
    const { code, output } = await check((doc) => {
      doc.paths['/v1/programs'].get.parameters[1].required = true;
    });
    expect(code).toBe(1);
    expect(output).toContain('BREAKING parameter-became-required GET /v1/programs query.limit');
  });

  it('fails on a new required parameter or body field and on an optional body field made required', async () => {
    const { code, output } = await check((doc) => {
      doc.paths['/v1/programs'].get.parameters.push({
        in: 'header',
        name: 'X-Tenant',
        required: true,
        schema: { type: 'string' },
      });
      const input = doc.components.schemas.CreateProgramInput;
      input.properties.region = { type: 'string' };
      input.required = ['name', 'summary', 'region'];
    });
    expect(code).toBe(1);
    expect(output).toContain('required-parameter-added GET /v1/programs header.x-tenant');
    expect(output).toContain('request-property-became-required POST /v1/programs body.summary');
    expect(output).toContain('request-property-added-required POST /v1/programs body.region');
  });

  it('fails on a removed parameter or strict body field, a changed response type and a removed success status', async () => {
    const { code, output } = await check((doc) => {
      doc.paths['/v1/programs'].get.parameters.pop();
      delete doc.components.schemas.CreateProgramInput.properties.summary;
      doc.components.schemas.Program.properties.id = { type: 'integer' };
      doc.paths['/v1/programs'].post.responses = { '200': doc.paths['/v1/programs'].post.responses['201'] };
    });
    expect(code).toBe(1);
    expect(output).toContain('parameter-removed GET /v1/programs query.limit');
    expect(output).toContain('request-property-removed POST /v1/programs body.summary');
    expect(output).toContain('response-type-changed GET /v1/programs/{id} 200 id');
    expect(output).toContain('response-status-removed POST /v1/programs 201');
  });

  it('passes additive changes: a new optional field, parameter, enum value and operation', async () => {
    const { code, output } = await check((doc) => {
      const schemas = doc.components.schemas;
      schemas.Program.properties.summary = { type: ['string', 'null'] };
      schemas.CreateProgramInput.properties.region = { type: 'string' };
      schemas.ProgramStatus.enum = ['draft', 'active', 'archived', 'paused'];
      doc.paths['/v1/programs'].get.parameters.push({ in: 'query', name: 'q', schema: { type: 'string' } });
      doc.paths['/v1/programs/{programId}'] = doc.paths['/v1/programs/{id}'];
      delete doc.paths['/v1/programs/{id}'];
      doc.paths['/v1/programs/{programId}'].parameters[0].name = 'programId';
      doc.paths['/v1/programs/{programId}'].patch = {
        operationId: 'updateProgram',
        requestBody: { required: true, content: json(ref('CreateProgramInput')) },
        responses: { '200': { description: 'Updated', content: json(ref('Program')) } },
      };
    });
    expect(output).toContain('0 breaking change(s)');
    expect(code).toBe(0);
  });

  it('passes an approved removal and reports it with its reason; warns about stale approvals', async () => {
    const { code, output } = await check(
      (doc) => {
        delete doc.paths['/v1/programs/{id}'].delete;
      },
      [
        {
          id: 'operation-removed DELETE /v1/programs/{id}',
          reason: 'Programs are archived, not deleted.',
          since: 'v1.0.0',
        },
        { id: 'response-property-removed GET /v1/programs 200 data[].gone', reason: 'Old entry.' },
      ],
    );
    expect(code).toBe(0);
    expect(output).toContain('approved operation-removed DELETE /v1/programs/{id}');
    expect(output).toContain('reason: Programs are archived, not deleted.');
    expect(output).toContain('stale    response-property-removed GET /v1/programs 200 data[].gone');
    expect(output).toContain('1 approved, 0 not approved, 1 stale approval(s). Contract check passed.');
  });

  it('rejects an approval without a reason', async () => {
    const { code, output } = await check(
      (doc) => {
        delete doc.paths['/v1/programs/{id}'].delete;
      },
      [{ id: 'operation-removed DELETE /v1/programs/{id}', reason: '  ' }],
    );
    expect(code).toBe(2);
    expect(output).toContain('has no "reason"');
  });

  it('passes the real contract compared with itself (and the committed approvals file is valid)', async () => {
    const { code, output } = await cliRun(['--base', 'openapi.json']);
    expect(output).toContain('Contract check: openapi.json against openapi.json');
    expect(output).toContain('0 breaking change(s)');
    expect(code).toBe(0);
  });
});

describe('contract check against the last release tag', () => {
  let repo: string;
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env });
  const contractIn = (root: string) => path.join(root, 'packages/api-client/openapi.json');
  const commit = async (doc: Json, message: string) => {
    await writeFile(contractIn(repo), `${JSON.stringify(doc, null, 2)}\n`);
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '-m', message);
  };
  const checkIn = (root: string, ...args: string[]) =>
    cliRun(['--current', contractIn(root), '--approvals', path.join(root, 'none.json'), ...args], root);

  beforeAll(async () => {
    repo = path.join(dir, 'repo');
    await mkdir(path.join(repo, 'packages/api-client'), { recursive: true });
    await git(repo, 'init', '-q', '-b', 'main');
  });

  it('passes and says so when there is no release tag yet', async () => {
    await commit(released(), 'First contract');
    const { code, output } = await checkIn(repo);
    expect(code).toBe(0);
    expect(output).toContain('No release tag (v*) reachable from HEAD');
  });

  it('compares with the newest v* tag and fails on a field removed since', async () => {
    await git(repo, 'tag', 'v1.0.0');
    await git(repo, 'tag', 'nightly');
    const changed = released();
    delete changed.components.schemas.Program.properties.name;
    await commit(changed, 'Drop the name');

    const { code, output } = await checkIn(repo);
    expect(code).toBe(1);
    expect(output).toContain('against packages/api-client/openapi.json at v1.0.0');
    expect(output).toContain('response-property-removed GET /v1/programs 200 data[].name');
  });

  it('passes once the change is released under a newer tag, and --base-ref still reaches the old one', async () => {
    await git(repo, 'tag', 'v1.1.0');
    const now = await checkIn(repo);
    expect(now.output).toContain('at v1.1.0');
    expect(now.code).toBe(0);

    const old = await checkIn(repo, '--base-ref', 'v1.0.0');
    expect(old.code).toBe(1);
    expect(old.output).toContain('at v1.0.0');

    const unknown = await checkIn(repo, '--base-ref', 'v9.9.9');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Unknown git ref: v9.9.9');
  });

  it('finds the tag in a shallow clone by fetching the history', async () => {
    const changed = released();
    changed.components.schemas.ProgramStatus.enum = ['draft'];
    await commit(changed, 'Fewer states');
    const clone = path.join(dir, 'shallow');
    await run('git', ['clone', '-q', '--depth', '1', `file://${repo}`, clone], { env });

    const { code, output } = await checkIn(clone);
    expect(output).toContain('The clone is shallow');
    expect(output).toContain('at v1.1.0');
    expect(output).toContain('response-enum-value-removed GET /v1/programs 200 data[].status "active"');
    expect(code).toBe(1);
  });
});
