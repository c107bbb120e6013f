import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  createDatabase,
  createPool,
  type Database,
  scopedDatabase,
  Writes,
} from '../src/index.js';
import { insertMunicipalities, type OwnerDatabase, openTestDatabase } from './support/fixtures.js';

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

/** The pg queries fn sends (each is one round trip). */
async function sent<T>(fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    const result = await fn();
    return {
      result,
      texts: spy.mock.calls.map((c) => (typeof c[0] === 'string' ? c[0] : (c[0] as { text: string }).text)),
    };
  } finally {
    spy.mockRestore();
  }
}

const audit = (entityId: string, action = 'test.written') => ({
  actorType: 'public' as const,
  actorId: null,
  actorLabel: 'Test',
  municipalityId: null,
  action,
  entityType: 'municipality',
  entityId,
  requestId: 'test',
});

describe('Writes', () => {
  it('send several inserts, one reading what another returned, as one statement', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const { texts } = await sent(() =>
      platform.transaction(async (tx) => {
        const writes = new Writes(tx);
        writes.add(tx.insert(auditEvents).values(audit(a, 'test.first')));
        const second = writes.add(tx.insert(auditEvents).values(audit(a, 'test.second')).returning());
        writes.add(sql`insert into audit_events (id, actor_type, actor_label, action, entity_type, entity_id, request_id)
          select gen_random_uuid(), 'public', 'Test', 'test.third', 'municipality', s.id, 'test' from ${second} s`);
        await writes.run();
      }),
    );
    expect(texts).toHaveLength(3); // BEGIN with the scope, the writes, COMMIT
    const written = await owner.db.select().from(auditEvents).where(eq(auditEvents.requestId, 'test'));
    const second = written.find((e) => e.action === 'test.second')!;
    expect(written.map((e) => e.action).sort()).toEqual(['test.first', 'test.second', 'test.third']);
    expect(written.find((e) => e.action === 'test.third')!.entityId).toBe(second.id);
  });

  it('write nothing when one of them fails', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    await expect(
      platform.transaction(async (tx) => {
        const writes = new Writes(tx);
        writes.add(tx.insert(auditEvents).values(audit(a, 'test.lost')));
        writes.add(tx.insert(auditEvents).values({ ...audit(a), entityId: 'not-a-uuid' }));
        await writes.run();
      }),
    ).rejects.toMatchObject({ cause: { code: '22P02' } });
    expect(await owner.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.lost'))).toEqual([]);
  });
});
