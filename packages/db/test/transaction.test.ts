import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  createDatabase,
  createPool,
  type Database,
  municipalities,
  scopedDatabase,
  sendInOrder,
  Writes,
} from '../src/index.js';
import { beginStatement } from '../src/transaction.js';
import { insertMunicipalities, type OwnerDatabase, openTestDatabase } from './support/fixtures.js';
import {
  auditEventsWith,
  auditRow,
  expectCleanConnection,
  sentQueries,
  socketWrites,
} from './support/transactions.js';

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
  it('send BEGIN and the scope in one message: a read of one query sends three messages', async () => {
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
    const { writev, write } = await socketWrites(() =>
      tenant.transaction((tx) => tx.select().from(municipalities).where(eq(municipalities.id, a))),
    );
    // One writev for BEGIN with the scope and the query; one write for COMMIT.
    expect(writev).toBe(1);
    expect(write).toBe(1);
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
    expect(await auditEventsWith(owner.db, 'test.rolled_back')).toEqual([]);
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
    expect(await auditEventsWith(owner.db, 'test.behind_failed_opening')).toEqual([]);
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
        '01a24d36-0000-7000-8000-000000000000',
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

describe('COMMIT behind the last statement (Writes.run with last) and statements sent in order', () => {
  it('write COMMIT right behind the last statement, in the same write, and commit what it wrote', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const { result, writev, write } = await socketWrites(() =>
      sentQueries(() =>
        platform.transaction(async (tx) => {
          const writes = new Writes(tx);
          writes.add(tx.insert(auditEvents).values(auditRow(a, 'test.commit_behind')));
          await writes.run({ last: true });
        }),
      ),
    );
    expect(result.texts).toHaveLength(3);
    expect(result.texts[2]).toBe('commit');
    // The opening, the statement and COMMIT leave in one write; nothing follows the answers.
    expect(writev + write).toBe(1);
    expect(await auditEventsWith(owner.db, 'test.commit_behind')).toHaveLength(1);
    await expectCleanConnection(pool);
  });

  it('when the last statement fails, throw its error, write nothing and leave the connection clean', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction(async (tx) => {
        await tx.insert(auditEvents).values(auditRow(a, 'test.before_failed_last'));
        const writes = new Writes(tx);
        writes.add(tx.insert(auditEvents).values({ ...auditRow(a), entityId: 'not-a-uuid' }));
        await writes.run({ last: true });
      }),
    ).rejects.toMatchObject({ cause: { code: '22P02' } });
    expect(await auditEventsWith(owner.db, 'test.before_failed_last')).toEqual([]);
    await expectCleanConnection(pool);
  });

  it('refuse to report success when Postgres rolled back at COMMIT (a failed query whose error fn swallowed)', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction(async (tx) => {
        await tx.insert(auditEvents).values(auditRow(a, 'test.swallowed'));
        await tx.execute(sql`select 1 / 0`).catch(() => undefined);
        return 'looks fine';
      }),
    ).rejects.toThrow('The transaction was rolled back at ROLLBACK.');
    expect(await auditEventsWith(owner.db, 'test.swallowed')).toEqual([]);
    await expectCleanConnection(pool);
  });

  it('send the second statement before the first has answered, and after it on the wire', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const { result, texts } = await sentQueries(() =>
      platform.transaction(async (tx) => {
        let firstAnswered = false;
        let secondStartedEarly: boolean | undefined;
        const [first, second] = sendInOrder(
          tx,
          async () => {
            const r = await tx.execute(sql`select pg_sleep(0.05), 'first' as which`).execute();
            firstAnswered = true;
            return r.rows[0]!.which;
          },
          () => {
            secondStartedEarly = !firstAnswered;
            return tx.execute(sql`select 'second' as which`).then((r) => r.rows[0]!.which);
          },
        );
        return { order: [await first, await second], secondStartedEarly };
      }),
    );
    expect(result).toEqual({ order: ['first', 'second'], secondStartedEarly: true });
    expect(texts.slice(1, 3)).toEqual([
      "select pg_sleep(0.05), 'first' as which",
      "select 'second' as which",
    ]);
  });

  it('let the second wait for the first answer when the first did not send its query at once', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const result = await platform.transaction(async (tx) => {
      let firstAnswered = false;
      const [, second] = sendInOrder(
        tx,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          await tx.execute(sql`select 1`);
          firstAnswered = true;
        },
        async () => firstAnswered,
      );
      return second;
    });
    expect(result).toBe(true);
  });

  it('let a caller throw on the first answer without awaiting the second: rolled back, nothing unhandled', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(
        platform.transaction(async (tx) => {
          const [first] = sendInOrder(
            tx,
            () => tx.execute(sql`select 'locked' as row`).execute(),
            () => tx.insert(auditEvents).values({ ...auditRow(a), entityId: 'not-a-uuid' }),
          );
          await first;
          throw new Error('a check failed');
        }),
      ).rejects.toThrow('a check failed');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
    await expectCleanConnection(pool);
  });
});

describe('transactions of one statement (oneStatement)', () => {
  it('send the opening, the statement and COMMIT in one write: a read of one query is one round trip', async () => {
    const tenant = scopedDatabase(db, { kind: 'tenant', municipalityId: a });
    const { result, writev, write } = await socketWrites(() =>
      sentQueries(() =>
        tenant.transaction((tx) => tx.select().from(municipalities).where(eq(municipalities.id, a)), {
          oneStatement: true,
        }),
      ),
    );
    expect(result.result.map((m) => m.id)).toEqual([a]);
    expect(result.texts).toHaveLength(3);
    expect(result.texts[2]).toBe('commit');
    expect(writev + write).toBe(1);
    await expectCleanConnection(pool);
  });

  it('read under the scope: RLS applies to the one statement as to any other', async () => {
    const [b] = await insertMunicipalities(owner.db, 'b');
    const read = (scope: Parameters<typeof scopedDatabase>[1]) =>
      scopedDatabase(db, scope).transaction(
        (tx) => tx.select().from(municipalities).where(eq(municipalities.id, b!)),
        { oneStatement: true },
      );
    expect(await read({ kind: 'tenant', municipalityId: a })).toEqual([]);
    expect((await read({ kind: 'platform' })).map((m) => m.id)).toEqual([b]);
  });

  it('refuse a second statement instead of running it outside the transaction', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction(
        async (tx) => {
          await tx.execute(sql`select 1`);
          return tx.execute(sql`select current_setting('app.scope', true) as scope`);
        },
        { oneStatement: true },
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('nothing may follow') } });
    await expectCleanConnection(pool);
  });

  it("throw the statement's error and leave the connection clean", async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction((tx) => tx.execute(sql`select 1 / 0`), { oneStatement: true }),
    ).rejects.toMatchObject({ cause: { code: '22012' } });
    await expectCleanConnection(pool);
  });
});
