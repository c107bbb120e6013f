import { auditEvents, municipalities, scopedDatabase } from '@werkstatt/db';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorNames,
  createMatrixFixtures,
  type MatrixFixtures,
  municipalityAActors,
} from './security/fixtures.js';
import { deletedMunicipalityCases, type RouteCase, routeCases } from './security/routes.js';
import { createHarness, type Harness } from './support/harness.js';

// The shared security matrix (STYLE 12): every /v1 route × no token, bad token, each role,
// each API-key kind, another tenant's ids, and the credentials of a deleted municipality.
let h: Harness;
let f: MatrixFixtures;
/** A user's token and an API key of a municipality deleted after they were issued. */
let deleted: { admin: string; key: string };

beforeAll(async () => {
  h = await createHarness();
  f = await createMatrixFixtures(h);
  const gone = await h.municipality();
  deleted = {
    admin: (await h.user('municipality_admin', gone.id)).token,
    key: (await h.apiKey(['municipality:read', 'municipality:write'], gone.id)).key,
  };
  await h.owner.update(municipalities).set({ deletedAt: new Date() }).where(eq(municipalities.id, gone.id));
});
afterAll(() => h.close());

const call = (c: RouteCase, token?: string) =>
  h.request({
    method: c.method,
    url: c.url(f),
    ...(token ? { token } : {}),
    ...(c.body ? { payload: c.body(f) as object } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
  });

const auditCount = async () => (await h.owner.select({ n: count() }).from(auditEvents))[0]!.n;

/** The body without `instance` (which echoes the URL) must not mention anything of municipality B. */
function expectNothingOfB(body: string) {
  const { instance: _instance, ...rest } = JSON.parse(body || '{}');
  const text = JSON.stringify(rest);
  for (const secret of [
    f.b.municipality.id,
    f.b.municipality.name,
    f.b.admin.email,
    f.b.admin.id,
    f.b.key.id,
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe('the database role the API runs as', () => {
  it('is not superuser, owns no table and cannot bypass RLS', async () => {
    const [row] = await scopedDatabase(h.deps.db, { kind: 'platform' }).transaction(
      async (tx) =>
        (
          await tx.execute(sql`
          select r.rolsuper as "super", r.rolbypassrls as "bypass",
            (select count(*)::int from pg_class c where c.relowner = r.oid) as "owned"
          from pg_roles r where r.rolname = current_user`)
        ).rows,
    );
    expect(row).toEqual({ super: false, bypass: false, owned: 0 });
  });
});

describe('security matrix', () => {
  it('covers every /v1 operation of the OpenAPI document', async () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([, ops]) => Object.values(ops).map((op) => op.operationId));
    expect(documented.filter((id) => !routeCases.some((c) => c.operationId === id))).toEqual([]);
    expect(routeCases.map((c) => c.operationId).filter((id) => !documented.includes(id))).toEqual([]);
  });

  const cases = routeCases
    .filter((c) => !c.anonymous)
    .map((c) => [`${c.method} ${c.operationId}${c.foreign ? " with municipality B's ids" : ''}`, c] as const);

  describe.each(cases)('%s', (_title, c) => {
    it('answers 401 problem without a token and with a bad one', async () => {
      for (const token of [undefined, 'not-a-jwt', 'wst_unknownkeyunknownkeyunknownkey']) {
        const res = await call(c, token);
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it("answers 401 to a deleted municipality's user and API key, writing nothing", async () => {
      const before = await auditCount();
      for (const token of [deleted.admin, deleted.key]) {
        const res = await call(c, token);
        expect(res.statusCode, res.body).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(await auditCount()).toBe(before);
    });

    it('refuses every actor not allowed, writing nothing', async () => {
      const before = await auditCount();
      for (const actor of actorNames.filter((a) => !c.allowed.includes(a))) {
        const res = await call(c, f.tokens[actor]);
        expect([403, 404], `${actor} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(await auditCount()).toBe(before);
    });

    if (c.method === 'GET') {
      it('serves every allowed actor', async () => {
        for (const actor of c.allowed) {
          const res = await call(c, f.tokens[actor]);
          expect(res.statusCode, `${actor} → ${res.body}`).toBe(200);
        }
      });
    }

    if (c.foreign) {
      it("shows municipality A's actors nothing of municipality B", async () => {
        for (const actor of municipalityAActors) {
          const res = await call(c, f.tokens[actor]);
          expect([403, 404], `${actor} → ${res.statusCode}`).toContain(res.statusCode);
          expectNothingOfB(res.body);
        }
      });
    }
  });
});

describe('a deleted municipality', () => {
  const cases = deletedMunicipalityCases.map((c) => [`${c.method} ${c.operationId}`, c] as const);
  it.each(cases)(
    '%s answers 404 to those who could use it before, and refuses everyone, writing nothing',
    async (_title, c) => {
      const before = await auditCount();
      for (const actor of actorNames) {
        const res = await call(c, f.tokens[actor]);
        const expected = c.allowed.includes(actor) ? [404] : [403, 404];
        expect(expected, `${actor} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(await auditCount()).toBe(before);
    },
  );
});
