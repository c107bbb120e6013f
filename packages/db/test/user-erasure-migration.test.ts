import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrationsFolder, runMigrations } from '../src/migrate.js';

// 0020_user_erasure: a database migrated up to the migration before it holds what the API wrote
// before users were erased; applying the rest must leave no name or address of a deleted user.
const USER_ERASURE_WHEN = 1796450100000;

const name = `werkstatt_m_${randomBytes(6).toString('hex')}`;
const admin = () => new pg.Client({ connectionString: inject('adminDatabaseUrl') });
const url = () => {
  const u = new URL(inject('adminDatabaseUrl'));
  u.pathname = `/${name}`;
  return u.toString();
};
let client: pg.Client;
const ids = { m: randomUUID(), live: randomUUID(), gone: randomUUID(), created: randomUUID() };

/** Applies the migrations written before 0020 only, from a copy of the folder with a shorter journal. */
async function migrateBeforeUserErasure(connectionString: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'werkstatt-migrations-'));
  try {
    cpSync(migrationsFolder, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { when: number }[] };
    journal.entries = journal.entries.filter((e) => e.when < USER_ERASURE_WHEN);
    writeFileSync(journalFile, JSON.stringify(journal));
    const c = new pg.Client({ connectionString });
    await c.connect();
    try {
      await c.query('SET client_min_messages = warning');
      await migrate(drizzle(c), { migrationsFolder: folder });
    } finally {
      await c.end();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const a = admin();
  await a.connect();
  await a.query(`create database ${name}`);
  await a.end();
  await migrateBeforeUserErasure(url());
  client = new pg.Client({ connectionString: url() });
  await client.connect();
  await client.query(
    `insert into municipalities (id, name, slug, kind, state_code) values ($1, 'Stadt Erasmus', 'erasmus', 'stadt', 'RP')`,
    [ids.m],
  );
  await client.query(
    `insert into users (id, email, name, password_hash, role, municipality_id, deleted_at, disabled) values
       ($1, 'lebt@vg.example', 'Lena Lebendig', 'argon-live', 'municipality_admin', $3, null, false),
       ($2, 'weg@vg.example', 'Werner Weg', 'argon-gone', 'municipality_editor', $3, now(), true)`,
    [ids.live, ids.gone, ids.m],
  );
  await client.query(
    `insert into refresh_tokens (id, user_id, municipality_id, family_id, token_hash, expires_at) values
       (gen_random_uuid(), $1, $3, gen_random_uuid(), 'hash-gone', now() + interval '1 day'),
       (gen_random_uuid(), $2, $3, gen_random_uuid(), 'hash-live', now() + interval '1 day')`,
    [ids.gone, ids.live, ids.m],
  );
  const userDto = (id: string, email: string, userName: string) =>
    JSON.stringify({ id, email, name: userName, role: 'municipality_editor', disabled: false });
  await client.query(
    `insert into audit_events (id, actor_type, actor_id, actor_label, municipality_id, action, entity_type, entity_id, before, after) values
       (gen_random_uuid(), 'user', $1, 'lebt@vg.example', $3, 'user.created', 'user', $2, null, $4),
       (gen_random_uuid(), 'user', $2, 'weg@vg.example', $3, 'idea.created', 'idea', $5, null, '{"title":"Glasfaser"}'),
       (gen_random_uuid(), 'api_key', $6, 'Dorf-App', $3, 'idea.updated', 'idea', $5, '{"title":"Glasfaser"}', '{"title":"WLAN"}')`,
    [
      ids.live,
      ids.gone,
      ids.m,
      userDto(ids.gone, 'weg@vg.example', 'Werner Weg'),
      randomUUID(),
      randomUUID(),
    ],
  );
  await client.query(
    `insert into idempotency_keys (id, actor_key, key, municipality_id, method, path, request_hash, state, response_status, response_headers, response_body, expires_at) values
       (gen_random_uuid(), $1, 'k1', $3, 'POST', '/v1/users', 'h', 'completed', 201, $4, $5, now() + interval '1 day'),
       (gen_random_uuid(), $2, 'k2', $3, 'POST', '/v1/ideas', 'h', 'completed', 201, '{}', '{}', now() + interval '1 day'),
       (gen_random_uuid(), $1, 'k3', $3, 'POST', '/v1/ideas', 'h', 'completed', 201, '{}', '{}', now() + interval '1 day')`,
    [
      `user:${ids.live}`,
      `user:${ids.gone}`,
      ids.m,
      JSON.stringify({ location: `/v1/users/${ids.gone}` }),
      userDto(ids.gone, 'weg@vg.example', 'Werner Weg'),
    ],
  );
  await runMigrations(url());
});

afterAll(async () => {
  await client?.end();
  const a = admin();
  await a.connect();
  await a.query(`drop database if exists ${name} with (force)`);
  await a.end();
});

describe('migration 0020_user_erasure', () => {
  it('erases users deleted before: no name, address or password hash, no sessions', async () => {
    const { rows } = await client.query(
      'select id, email, name, password_hash, disabled from users order by email',
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          id: ids.gone,
          email: `geloescht-${ids.gone}@anonymisiert.invalid`,
          name: 'gelöschter Benutzer',
          password_hash: '!erased',
          disabled: true,
        },
        {
          id: ids.live,
          email: 'lebt@vg.example',
          name: 'Lena Lebendig',
          password_hash: 'argon-live',
          disabled: false,
        },
      ]),
    );
    const tokens = await client.query('select user_id from refresh_tokens');
    expect(tokens.rows).toEqual([{ user_id: ids.live }]);
  });

  it('names users in audit events by id only, keeping API keys labelled and other data', async () => {
    const { rows } = await client.query(
      'select actor_type, actor_id, actor_label, before, after from audit_events order by action',
    );
    expect(rows).toEqual([
      {
        actor_type: 'user',
        actor_id: ids.gone,
        actor_label: null,
        before: null,
        after: { title: 'Glasfaser' },
      },
      {
        actor_type: 'api_key',
        actor_id: expect.any(String),
        actor_label: 'Dorf-App',
        before: { title: 'Glasfaser' },
        after: { title: 'WLAN' },
      },
      {
        actor_type: 'user',
        actor_id: ids.live,
        actor_label: null,
        before: null,
        after: { id: ids.gone, role: 'municipality_editor', disabled: false },
      },
    ]);
    const all = JSON.stringify(rows);
    for (const personal of ['weg@vg.example', 'Werner', 'lebt@vg.example'])
      expect(all).not.toContain(personal);
  });

  it('removes stored Idempotency-Key responses of and about deleted users only', async () => {
    const { rows } = await client.query('select key from idempotency_keys order by key');
    expect(rows).toEqual([{ key: 'k3' }]);
  });
});
