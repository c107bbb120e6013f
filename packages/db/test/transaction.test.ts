import net from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  createDatabase,
  createPool,
  type Database,
  municipalities,
  scopedDatabase,
} from '../src/index.js';
import { beginStatement } from '../src/transaction.js';
import { insertMunicipalities, type OwnerDatabase, openTestDatabase } from './support/fixtures.js';
import { auditRow, expectCleanConnection, sentQueries } from './support/transactions.js';

let owner: OwnerDatabase;
let pool: ReturnType<typeof createPool>;
let db: Database;
let a = '';

beforeAll(async () => {
  owner = await openTestDatabase();
  [a] = await insertMunicipalities(owner.db, 'a');
  pool = createPool({ connectionString: owner.testDb.url, max: 1 });
  db = createDatabase(pool);
});

afterAll(async () => {
  await pool.end();
  await owner.close();
});

describe('scoped transactions (runTransaction)', () => {
  it('send BEGIN and the scope in one message: a read of one query costs three round trips', async () => {
    const tenant = scopedDatabase(db, { kind: 'tenant', municipalityId: a });
    const { result, texts } = await sentQueries(() =>
      tenant.transaction((tx) => tx.select().from(municipalities).where(eq(municipalities.id, a))),
    );
    expect(result.map((m) => m.id)).toEqual([a]);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^begin; select set_config\('role', 'werkstatt_app', true\)/);
    expect(texts[2]).toBe('commit');
  });

  it('write the opening and the first query to the socket together, in one system call', async () => {
    const tenant = scopedDatabase(db, { kind: 'tenant', municipalityId: a });
    const writev = vi.spyOn(net.Socket.prototype as unknown as { _writev: () => void }, '_writev');
    const write = vi.spyOn(net.Socket.prototype as unknown as { _write: () => void }, '_write');
    try {
      await tenant.transaction((tx) => tx.select().from(municipalities).where(eq(municipalities.id, a)));
      // One writev for BEGIN with the scope and the query; one write for COMMIT.
      expect(writev).toHaveBeenCalledTimes(1);
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      writev.mockRestore();
      write.mockRestore();
    }
  });

  it('send the opening on its own when fn does not query at once', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const later = await platform.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return (await tx.execute(sql`select current_setting('app.scope') as scope`)).rows[0];
    });
    expect(later).toEqual({ scope: 'platform' });
  });

  it('roll back on any error and leave the connection clean for the next transaction', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const id = a;
    await expect(
      platform.transaction(async (tx) => {
        await tx.insert(auditEvents).values(auditRow(id, 'test.rolled_back'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(
      await owner.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.rolled_back')),
    ).toEqual([]);
    // The one pooled connection is neither in a transaction nor in the application role any more.
    await expectCleanConnection(pool);
  });

  it('fail the opening statement as a query error, with the SQLSTATE in its cause, and roll back', async () => {
    const broken = scopedDatabase(
      db,
      { kind: 'tenant', municipalityId: 'not-a-uuid' },
      undefined,
      'not-a-uuid',
    );
    await expect(broken.transaction(async () => 1)).rejects.toMatchObject({ cause: { code: '22P02' } });
    const { rows } = await pool.query('select 1 as ok');
    expect(rows[0]).toEqual({ ok: 1 });
  });

  it('write the first query behind the opening; when the opening fails, that query runs in the aborted transaction and changes nothing', async () => {
    const gone = '01a24d36-0000-7000-8000-000000000000';
    const checked = scopedDatabase(db, { kind: 'platform' }, undefined, gone);
    let reached = false;
    await expect(
      checked.transaction(async (tx) => {
        reached = true;
        await tx.insert(auditEvents).values(auditRow(a, 'test.behind_failed_opening'));
      }),
    ).rejects.toMatchObject({ cause: { code: 'WK404' } });
    // fn ran before the opening's answer came back: its insert was on the wire, and was refused.
    expect(reached).toBe(true);
    expect(
      await owner.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.behind_failed_opening')),
    ).toEqual([]);
    await expectCleanConnection(pool);
  });

  it('behave the same on a pool without pipelining', async () => {
    const plain = createPool({ connectionString: owner.testDb.url, max: 1, pipelining: false });
    try {
      const tenant = scopedDatabase(createDatabase(plain), { kind: 'tenant', municipalityId: a });
      const rows = await tenant.transaction((tx) => tx.select().from(municipalities));
      expect(rows.map((m) => m.id)).toEqual([a]);
      const gone = scopedDatabase(
        createDatabase(plain),
        { kind: 'platform' },
        undefined,
        a.replace(/.$/, '0'),
      );
      await expect(gone.transaction((tx) => tx.select().from(municipalities))).rejects.toMatchObject({
        cause: { code: 'WK404' },
      });
    } finally {
      await plain.end();
    }
  });

  it('escape every literal of the opening statement', async () => {
    const odd = scopedDatabase(db, { kind: 'tenant', municipalityId: "x'); drop table municipalities; --" });
    await expect(odd.transaction(async () => 1)).resolves.toBe(1);
    expect(await owner.db.select().from(municipalities)).toHaveLength(1);
  });

  it('open with the isolation level asked for, and refuse values Postgres would not parse', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const level = await platform.transaction(
      async (tx) => (await tx.execute(sql`show transaction_isolation`)).rows[0],
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    expect(level).toEqual({ transaction_isolation: 'repeatable read' });
    expect(beginStatement({ isolationLevel: 'serializable', deferrable: true })).toBe(
      'begin isolation level serializable deferrable',
    );
    expect(() => beginStatement({ isolationLevel: 'read committed; drop table x' as never })).toThrow();
  });
});
