import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_PATH, serializeOpenApi } from '../src/cli/write-openapi.js';

interface ResponseObject {
  $ref?: string;
  headers?: Record<string, { $ref?: string }>;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, ResponseObject>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  info: { contact?: Record<string, string>; license?: Record<string, string> };
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { description?: string; schema?: unknown }>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
  security: Record<string, string[]>[];
  tags: { name: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// The only /v1 routes that take no bearer credential: sign-in, password links, invitees following
// a link, and calendar feeds.
const ANONYMOUS = new Set([
  'POST /v1/auth/login',
  'POST /v1/auth/refresh',
  'POST /v1/auth/logout',
  // "Passwort vergessen" and the set-password link: the address or the link's secret is all there is.
  'POST /v1/auth/password-reset',
  'POST /v1/auth/set-password',
  // The calendar feed's secret URL is its credential (calendar programs cannot send a bearer token).
  'GET /v1/public/calendar/{token}.ics',
  'GET /v1/public/invitations/{token}',
  'POST /v1/public/invitations/{token}/registrations',
  'POST /v1/public/registrations/confirm',
  'POST /v1/public/registrations/cancel',
  'GET /v1/open-data/strategies.csv',
  'GET /v1/open-data/strategies.json',
  'GET /v1/open-data/measures.csv',
  'GET /v1/open-data/measures.json',
  'GET /v1/open-data/catalog.jsonld',
]);
// Whole files streamed as downloads (open data), not pages of a list: their `data` has no cap.
const BULK_DOWNLOADS = new Set(['GET /v1/open-data/strategies.json', 'GET /v1/open-data/measures.json']);
const PROBLEM_REF = '#/components/schemas/Problem';
const STALE_HINT = 'Run `pnpm openapi` and commit packages/api-client/openapi.json and src/schema.d.ts.';

let doc: Document;
let generated: string;

const operationsOf = (d: Document) =>
  Object.entries(d.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
  );

const jsonSchemas = (content: Record<string, { schema?: { $ref?: string } }> | undefined) =>
  Object.values(content ?? {}).map((media) => media.schema);

/** Every operation has a unique operationId, a summary, a description and tags the document declares. */
function namingProblems(d: Document): string[] {
  const declaredTags = new Set(d.tags.map((t) => t.name));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { key, op } of operationsOf(d)) {
    if (!op.operationId) problems.push(`${key}: no operationId`);
    else if (seen.has(op.operationId))
      problems.push(`${key}: operationId ${op.operationId} is also used by ${seen.get(op.operationId)}`);
    else seen.set(op.operationId, key);
    if (!op.summary?.trim()) problems.push(`${key}: no summary`);
    if (!op.description?.trim()) problems.push(`${key}: no description`);
    if (!op.tags?.length) problems.push(`${key}: no tags`);
    for (const tag of op.tags ?? []) {
      if (!declaredTags.has(tag)) problems.push(`${key}: tag "${tag}" is not declared in plugins/openapi.ts`);
    }
  }
  return problems;
}

/** Authenticated /v1 operations keep the bearer requirement and document 401 as a Problem. */
function authProblems(d: Document): string[] {
  const problems: string[] = [];
  for (const { key, path, op } of operationsOf(d)) {
    if (!path.startsWith('/v1/') || ANONYMOUS.has(key)) continue;
    if (op.security && !op.security.some((s) => 'bearer' in s)) {
      problems.push(`${key}: overrides security without bearer`);
    }
    const unauthorized = op.responses?.['401'];
    if (!unauthorized) problems.push(`${key}: no 401 response`);
    else if (!jsonSchemas(unauthorized.content).every((s) => s?.$ref === PROBLEM_REF)) {
      problems.push(`${key}: 401 is not a Problem`);
    }
  }
  return problems;
}

/** STYLE 7: /v1 bodies and responses are named components, errors are Problems. */
function schemaProblems(d: Document): string[] {
  const problems: string[] = [];
  for (const { key, path, op } of operationsOf(d)) {
    if (!path.startsWith('/v1/')) continue;
    for (const schema of jsonSchemas(op.requestBody?.content)) {
      if (!schema?.$ref) problems.push(`${key}: request body is an inline schema`);
    }
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      for (const schema of jsonSchemas(response.content)) {
        if (Number(status) >= 400 && schema?.$ref !== PROBLEM_REF) {
          problems.push(`${key}: ${status} is not a Problem`);
        } else if (Number(status) < 400 && !schema?.$ref) {
          problems.push(`${key}: ${status} response is an inline schema`);
        }
      }
    }
  }
  return problems;
}

const RATE_LIMIT_HEADERS = [
  'RateLimit',
  'RateLimit-Policy',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];
// The health checks are the only routes outside the rate limit (`rateLimit: false`), so that an
// orchestrator never restarts a busy instance; conventions.test.ts checks that at run time.
const isHealthCheck = (op: Operation) => op.tags?.includes('health') ?? false;

/**
 * What every operation can answer, whatever its route declares: the shared 500 problem, and behind
 * the rate limit the shared 429 problem with Retry-After plus the limit headers on its successes.
 */
function sharedResponseProblems(d: Document): string[] {
  const problems: string[] = [];
  for (const { key, op } of operationsOf(d)) {
    const responses = op.responses ?? {};
    if (responses['500']?.$ref !== '#/components/responses/InternalServerError') {
      problems.push(`${key}: 500 is not the shared InternalServerError`);
    }
    if (isHealthCheck(op)) continue;
    if (responses['429']?.$ref !== '#/components/responses/TooManyRequests') {
      problems.push(`${key}: 429 is not the shared TooManyRequests`);
    }
    for (const [status, response] of Object.entries(responses)) {
      if (!/^2/.test(status)) continue;
      for (const name of RATE_LIMIT_HEADERS) {
        if (response.headers?.[name]?.$ref !== `#/components/headers/${name}`) {
          problems.push(`${key}: ${status} does not document ${name}`);
        }
      }
    }
  }
  return problems;
}

interface JsonSchema {
  $ref?: string;
  type?: string;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
}

/** Every list (a `data` array) is cursor-paginated (`nextCursor`) or states its maximum (`maxItems`). */
function unboundedLists(d: Document): string[] {
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    let s = schema;
    while (s?.$ref) s = d.components.schemas[s.$ref.replace('#/components/schemas/', '')] as JsonSchema;
    return s;
  };
  const problems: string[] = [];
  for (const { key, op } of operationsOf(d)) {
    if (BULK_DOWNLOADS.has(key)) continue;
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      for (const media of Object.values(response.content ?? {})) {
        const props = resolve(media.schema as JsonSchema)?.properties ?? {};
        const list = resolve(props.data);
        if (list?.type !== 'array') continue;
        if (!props.nextCursor && list.maxItems === undefined) {
          problems.push(`${key}: ${status} lists \`data\` without nextCursor or maxItems`);
        }
      }
    }
  }
  return problems;
}

/** Names what changed between the committed and the generated document, for the failure message. */
function describeDrift(committed: Document, current: Document): string {
  const lines: string[] = [];
  const ops = (d: Document) =>
    new Map(
      Object.entries(d.paths ?? {}).flatMap(([p, item]) =>
        Object.entries(item).map(([m, op]) => [`${m.toUpperCase()} ${p}`, JSON.stringify(op)] as const),
      ),
    );
  const compare = (what: string, before: Map<string, string>, after: Map<string, string>) => {
    const added = [...after.keys()].filter((k) => !before.has(k));
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
    if (added.length) lines.push(`${what} missing from the committed file: ${added.join(', ')}`);
    if (removed.length) lines.push(`${what} no longer in the API: ${removed.join(', ')}`);
    if (changed.length) lines.push(`${what} changed: ${changed.join(', ')}`);
  };
  const schemas = (d: Document) =>
    new Map(Object.entries(d.components?.schemas ?? {}).map(([k, v]) => [k, JSON.stringify(v)] as const));
  compare('operations', ops(committed), ops(current));
  compare('schemas', schemas(committed), schemas(current));
  return lines.length ? lines.join('\n') : 'formatting or document metadata differs';
}

beforeAll(async () => {
  generated = serializeOpenApi(await generateOpenApiDocument());
  doc = JSON.parse(generated) as Document;
});

describe('OpenAPI contract', () => {
  it('the committed packages/api-client/openapi.json is what the API generates', async () => {
    const committed = await readFile(OPENAPI_PATH, 'utf8').catch(() => null);
    if (committed === null) expect.fail(`${OPENAPI_PATH} does not exist. ${STALE_HINT}`);
    if (committed !== generated) {
      let drift: string;
      try {
        drift = describeDrift(JSON.parse(committed) as Document, doc);
      } catch {
        drift = 'the committed file is not valid JSON';
      }
      expect.fail(`The committed OpenAPI document is stale.\n${drift}\n${STALE_HINT}`);
    }
  });

  it('is OpenAPI 3.1.0 with a bearer security scheme required by default', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('every operation has a unique operationId, a summary and declared tags', () => {
    expect(operationsOf(doc).length).toBeGreaterThan(0);
    expect(namingProblems(doc)).toEqual([]);
  });

  it('names a contact and a license; a deployment sets its own contact', async () => {
    expect(doc.info.contact).toEqual({ name: 'Programmbüro Digital-Werkstatt' });
    expect(doc.info.license?.name).toBeTruthy();
    const deployed = (await generateOpenApiDocument({
      API_CONTACT_NAME: 'Digitalagentur Rheinland-Pfalz',
      API_CONTACT_EMAIL: 'werkstatt@digitalagentur.example',
    })) as unknown as Document;
    expect(deployed.info.contact).toEqual({
      name: 'Digitalagentur Rheinland-Pfalz',
      email: 'werkstatt@digitalagentur.example',
    });
  });

  it('every operation documents the shared 500, and behind the rate limit the 429 and the limit headers', () => {
    expect(sharedResponseProblems(doc)).toEqual([]);
    const tooMany = doc.components.responses.TooManyRequests!;
    expect(Object.keys(tooMany.headers ?? {}).sort()).toEqual(['Retry-After', ...RATE_LIMIT_HEADERS].sort());
    expect(jsonSchemas(tooMany.content)).toEqual([{ $ref: PROBLEM_REF }]);
    expect(jsonSchemas(doc.components.responses.InternalServerError!.content)).toEqual([
      { $ref: PROBLEM_REF },
    ]);
    for (const name of ['Retry-After', ...RATE_LIMIT_HEADERS]) {
      expect(doc.components.headers[name]?.description, name).toBeTruthy();
    }
    // The health checks are outside the limit, and say nothing about it.
    expect(doc.paths['/healthz']!.get!.responses!['429']).toBeUndefined();
  });

  it('every list is cursor-paginated or bounded, among them steps, peers and invitations', () => {
    expect(unboundedLists(doc)).toEqual([]);
    const listSchema = (path: string) => {
      const ref = doc.paths[path]!.get!.responses!['200']!.content!['application/json']!.schema!.$ref!;
      return doc.components.schemas[ref.replace('#/components/schemas/', '')] as JsonSchema;
    };
    expect(listSchema('/v1/workshops/{id}/invitations').properties).toHaveProperty('nextCursor');
    expect(listSchema('/v1/municipalities/{id}/measures/{measureId}/steps').properties?.data?.maxItems).toBe(
      100,
    );
    expect(listSchema('/v1/measures/peers').properties?.data?.maxItems).toBe(50);
    expect(listSchema('/v1/municipalities/{id}/measures/{measureId}/peers').properties?.data?.maxItems).toBe(
      50,
    );
  });

  it('every /v1 operation but login, refresh and logout requires the bearer token and documents 401', () => {
    expect(authProblems(doc)).toEqual([]);
  });

  it('has named schemas, and /v1 bodies and responses reference them', () => {
    for (const name of ['Problem', 'FieldError', 'Program', 'ProgramPage', 'TokenResponse', 'Me']) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    expect(schemaProblems(doc)).toEqual([]);
    const listPrograms = doc.paths['/v1/programs']?.get;
    expect(listPrograms?.responses?.['200']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ProgramPage',
    });
  });

  it('the checks catch a route without operationId, description, 401, bearer, named schema, shared responses or a bounded list, and name the drift', () => {
    const broken = structuredClone(doc);
    const getProgram = broken.paths['/v1/programs/{id}']!.get!;
    delete getProgram.operationId;
    getProgram.responses!['200'] = { content: { 'application/json': { schema: {} } } };
    delete broken.paths['/v1/programs']!.get!.responses!['401'];
    broken.paths['/v1/me']!.get!.security = [];
    broken.paths['/v1/programs']!.post!.tags = ['undeclared'];
    delete broken.paths['/v1/programs']!.post!.description;
    delete broken.paths['/v1/users']!.get!.responses!['500'];
    delete broken.paths['/v1/users']!.get!.responses!['429'];
    delete broken.paths['/v1/users']!.get!.responses!['200']!.headers!['X-RateLimit-Reset'];
    const invitationPage = broken.components.schemas.InvitationPage as JsonSchema;
    delete invitationPage.properties!.nextCursor;

    expect(namingProblems(broken).sort()).toEqual([
      'GET /v1/programs/{id}: no operationId',
      'POST /v1/programs: no description',
      'POST /v1/programs: tag "undeclared" is not declared in plugins/openapi.ts',
    ]);
    expect(
      sharedResponseProblems(broken)
        .filter((p) => p.startsWith('GET /v1/users'))
        .sort(),
    ).toEqual([
      'GET /v1/users: 200 does not document X-RateLimit-Reset',
      'GET /v1/users: 429 is not the shared TooManyRequests',
      'GET /v1/users: 500 is not the shared InternalServerError',
    ]);
    expect(unboundedLists(broken)).toEqual([
      'GET /v1/workshops/{id}/invitations: 200 lists `data` without nextCursor or maxItems',
    ]);
    expect(authProblems(broken).sort()).toEqual([
      'GET /v1/me: overrides security without bearer',
      'GET /v1/programs: no 401 response',
    ]);
    expect(schemaProblems(broken)).toEqual(['GET /v1/programs/{id}: 200 response is an inline schema']);
    expect(describeDrift(doc, broken)).toContain('operations changed: GET /v1/me, GET /v1/programs');
  });
});
