import { getTableName } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogTables, publicIndexTables } from '../src/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

// Tables that are not tenant-owned but still carry RLS (the program catalog), as the schema names them.
const catalogTableNames = new Set<string>(catalogTables.map(getTableName));
// Indexes of what is public (the change feeds' positions): readable in the platform and public scopes,
// written only in the platform scope (migration 0028).
const publicIndexTableNames = new Set<string>(publicIndexTables.map(getTableName));

// The deliberate exceptions to the tenant policy shape: read-only policies for the 'public' scope that
// expose only what is public, each with the condition that says so: rows of strategies their
// municipality made public (0005_peers_security.sql, 0021_personal_scope.sql) and workshops that are
// scheduled, not drafts (0028_change_feed.sql). docs/architecture.md ("Adding a resource") states
// these rules for whoever adds a table.
const publicReadPolicies = new Map([
  ['strategies_public_read', "visibility = 'public'::strategy_visibility"],
  ['measures_public_read', "visibility = 'public'::strategy_visibility"],
  ['strategy_fields_public_read', "visibility = 'public'::strategy_visibility"],
  ['measure_steps_public_read', "visibility = 'public'::strategy_visibility"],
  ['workshops_public_read', "status <> 'draft'::workshop_status"],
]);

// How Postgres prints the tenant setting inside a policy (migration 0018).
const MUNICIPALITY_SETTING = '( SELECT app_municipality_id() AS app_municipality_id)';

let testDb: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await testDb.drop();
});

describe('catalog after migrating', () => {
  it('every table has RLS enabled and forced and at least one policy with a condition', async () => {
    const { rows } = await client.query<{
      table: string;
      enabled: boolean;
      forced: boolean;
      hasMunicipality: boolean;
      hasMunicipalities: boolean;
      policies: { name: string; cmd: string; qual: string | null; check: string | null }[];
    }>(`
      select c.relname as "table", c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        exists (select 1 from information_schema.columns col
                where col.table_schema = 'public' and col.table_name = c.relname
                  and col.column_name = 'municipality_id') as "hasMunicipality",
        exists (select 1 from information_schema.columns col
                where col.table_schema = 'public' and col.table_name = c.relname
                  and col.column_name = 'municipality_ids') as "hasMunicipalities",
        coalesce((select json_agg(json_build_object('name', p.policyname, 'cmd', p.cmd, 'qual', p.qual, 'check', p.with_check))
                  from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname), '[]') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
      order by c.relname`);
    expect(rows.length).toBeGreaterThan(5);
    for (const t of rows) {
      expect({ table: t.table, enabled: t.enabled, forced: t.forced }).toEqual({
        table: t.table,
        enabled: true,
        forced: true,
      });
      expect(t.policies.length, `${t.table} has a policy`).toBeGreaterThan(0);
      for (const p of t.policies) {
        expect(p.qual ?? p.check, `${t.table} policy has a condition`).toBeTruthy();
        // The settings are read once per statement (an InitPlan), not once per row (migration 0018).
        for (const expr of [p.qual, p.check]) {
          expect(expr ?? '', `${p.name} reads the scope through a sub-select`).not.toMatch(
            /(?<!SELECT )\b(app_scope|app_municipality_id)\(\)/,
          );
        }
      }
      if (t.table === 'municipalities') {
        expect(t.policies.some((p) => p.qual?.includes(MUNICIPALITY_SETTING))).toBe(true);
      } else if (publicIndexTableNames.has(t.table)) {
        for (const p of t.policies) {
          expect(`${p.qual ?? ''} ${p.check ?? ''}`, `${p.name} never names the tenant scope`).not.toContain(
            'tenant',
          );
          if (p.cmd !== 'SELECT')
            expect(p.check).toBe(`(( SELECT app_scope() AS app_scope) = 'platform'::text)`);
        }
      } else if (!catalogTableNames.has(t.table)) {
        // A row concerning several municipalities (a webhook event) lists them in municipality_ids.
        const tenantCondition = t.hasMunicipality
          ? `municipality_id = ${MUNICIPALITY_SETTING}`
          : `${MUNICIPALITY_SETTING} = ANY (municipality_ids)`;
        expect(t.hasMunicipality || t.hasMunicipalities, `${t.table} is tenant-owned`).toBe(true);
        for (const p of t.policies) {
          const publicCondition = publicReadPolicies.get(p.name);
          if (publicCondition) {
            expect(p.cmd).toBe('SELECT');
            expect(p.qual).toMatch(/^\(\(\( SELECT app_scope\(\) AS app_scope\) = 'public'::text\) AND /);
            expect(p.qual).toContain(publicCondition);
            continue;
          }
          expect(p.qual).toContain(tenantCondition);
          expect(p.check).toContain(tenantCondition);
        }
      }
    }
  });

  it('the application role owns nothing and has no superuser or BYPASSRLS rights', async () => {
    const { rows } = await client.query(
      `select rolsuper, rolbypassrls, (select count(*)::int from pg_class where relowner = r.oid) as owned
       from pg_roles r where rolname = 'werkstatt_app'`,
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
  });

  it('every SECURITY DEFINER function belongs to werkstatt_definer, which RLS binds', async () => {
    // Owned by the migrating role (a superuser on most setups) they would bypass RLS (migration 0022).
    const { rows: functions } = await client.query<{ name: string; owner: string }>(
      `select p.oid::regprocedure::text as name, pg_get_userbyid(p.proowner) as owner
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef order by 1`,
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const f of functions) expect(f, f.name).toEqual({ name: f.name, owner: 'werkstatt_definer' });
    const { rows } = await client.query(
      `select rolsuper, rolbypassrls, rolcanlogin, (select count(*)::int from pg_class where relowner = r.oid) as owned,
         exists (select 1 from pg_namespace n, aclexplode(n.nspacl) a
                 where n.nspname = 'public' and a.grantee = r.oid and a.privilege_type = 'CREATE') as "canCreate"
       from pg_roles r where rolname = 'werkstatt_definer'`,
    );
    expect(rows).toEqual([
      { rolsuper: false, rolbypassrls: false, rolcanlogin: false, owned: 0, canCreate: false },
    ]);
  });
});
