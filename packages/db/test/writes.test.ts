import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  createDatabase,
  createPool,
  type Database,
  scopedDatabase,
  Writes,
} from '../src/index.js';
import { insertMunicipalities, type OwnerDatabase, openTestDatabase } from './support/fixtures.js';
import { auditEventsWith, auditRow, sentQueries } from './support/transactions.js';

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

describe('Writes', () => {
  it('send several inserts, one reading what another returned, as one statement', async () => {
    const platform = scopedDatabase(db, { kind: 'platform' });
    const { texts } = await sentQueries(() =>
      platform.transaction(async (tx) => {
        const writes = new Writes(tx);
        writes.add(tx.insert(auditEvents).values(auditRow(a, 'test.first')));
        const second = writes.add(tx.insert(auditEvents).values(auditRow(a, 'test.second')).returning());
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
        writes.add(tx.insert(auditEvents).values(auditRow(a, 'test.lost')));
        writes.add(tx.insert(auditEvents).values({ ...auditRow(a), entityId: 'not-a-uuid' }));
        await writes.run();
      }),
    ).rejects.toMatchObject({ cause: { code: '22P02' } });
    expect(await auditEventsWith(owner.db, 'test.lost')).toEqual([]);
  });
});
