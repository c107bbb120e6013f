import {
  createDatabase,
  createPool,
  type Database,
  municipalities,
  outbox,
  scopedDatabase,
  users,
} from '@werkstatt/db';
import { createTestDatabase, type TestDatabase } from '@werkstatt/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { enqueue, InvalidJobError, type JobPayload, parseJob } from '../src/index.js';

let testDb: TestDatabase;
let pool: ReturnType<typeof createPool>;
let owner: Database;
let municipalityId: string;
let otherMunicipalityId: string;
let userId: string;

beforeAll(async () => {
  testDb = await createTestDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  pool = createPool({ connectionString: testDb.url, max: 2 });
  owner = createDatabase(pool);
  const [a, b] = await owner
    .insert(municipalities)
    .values([
      { name: 'Verbandsgemeinde Süd', slug: 'vg-sued', kind: 'verbandsgemeinde', stateCode: 'RP' },
      { name: 'Stadt Nord', slug: 'stadt-nord', kind: 'stadt', stateCode: 'RP' },
    ])
    .returning();
  municipalityId = a!.id;
  otherMunicipalityId = b!.id;
  const [user] = await owner
    .insert(users)
    .values({
      email: 'jasmin.krueger@vg-sued.example',
      name: 'Jasmin Krüger',
      passwordHash: 'x',
      role: 'municipality_editor',
      municipalityId,
    })
    .returning();
  userId = user!.id;
});

afterAll(async () => {
  await pool.end();
  await testDb.drop();
});

const outboxRowsFor = (id: string) => owner.select().from(outbox).where(eq(outbox.id, id));

describe('enqueue', () => {
  it('writes the job to the outbox when the transaction commits', async () => {
    const tenant = scopedDatabase(owner, { kind: 'tenant', municipalityId });
    const job = await tenant.transaction((tx) =>
      enqueue(tx, { queue: 'mail', name: 'user.welcome', payload: { userId, municipalityId } }),
    );
    const rows = await outboxRowsFor(job.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      queue: 'mail',
      jobName: 'user.welcome',
      payload: { userId, municipalityId },
      municipalityId,
      dispatchedAt: null,
      attempts: 0,
    });
  });

  it('leaves no job behind when the transaction rolls back', async () => {
    const platform = scopedDatabase(owner, { kind: 'platform' });
    let enqueuedId = '';
    await expect(
      platform.transaction(async (tx) => {
        const job = await enqueue(tx, {
          queue: 'mail',
          name: 'user.welcome',
          payload: { userId, municipalityId },
        });
        enqueuedId = job.id;
        // The job is visible inside the transaction, and gone with it.
        expect(await tx.select().from(outbox).where(eq(outbox.id, job.id))).toHaveLength(1);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(enqueuedId).not.toBe('');
    expect(await outboxRowsFor(enqueuedId)).toHaveLength(0);
  });

  it('rejects a payload that does not fit its job and writes nothing', async () => {
    const platform = scopedDatabase(owner, { kind: 'platform' });
    const before = await owner.$count(outbox);
    await expect(
      platform.transaction((tx) =>
        enqueue(tx, {
          queue: 'mail',
          name: 'user.welcome',
          // A whole row instead of ids is refused (strict payloads).
          payload: { userId, municipalityId, email: 'x@example.org' } as never,
        }),
      ),
    ).rejects.toThrow(InvalidJobError);
    await expect(
      platform.transaction((tx) =>
        enqueue(tx, {
          queue: 'mail',
          name: 'user.welcome',
          payload: { userId: 'not-a-uuid', municipalityId },
        }),
      ),
    ).rejects.toThrow(/userId/);
    expect(await owner.$count(outbox)).toBe(before);
  });

  it('cannot write a job for another municipality from tenant scope (row-level security)', async () => {
    const tenant = scopedDatabase(owner, { kind: 'tenant', municipalityId });
    await expect(
      tenant.transaction((tx) =>
        enqueue(tx, {
          queue: 'mail',
          name: 'user.welcome',
          payload: { userId, municipalityId: otherMunicipalityId },
        }),
      ),
    ).rejects.toMatchObject({
      cause: { code: '42501', message: expect.stringMatching(/row-level security/) },
    });
  });
});

describe('parseJob', () => {
  it('names unknown queues and job names', () => {
    expect(() => parseJob('sms', 'user.welcome', {})).toThrow('Unknown queue "sms"');
    expect(() => parseJob('mail', 'toString', {})).toThrow('Unknown job "toString" on queue "mail"');
  });

  it('requires the municipality id on tenant-owned jobs', () => {
    expectTypeOf<JobPayload<'documents', 'document.render'>['municipalityId']>().toEqualTypeOf<string>();
    expectTypeOf<JobPayload<'mail', 'user.welcome'>['municipalityId']>().toEqualTypeOf<string | null>();
    expect(() =>
      parseJob('documents', 'document.render', {
        documentId: '0190a5f2-7b1c-7cc4-9a51-5d6c9f1e2b3a',
        municipalityId: null,
      }),
    ).toThrow(/municipalityId/);
  });
});
