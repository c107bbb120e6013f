import { outbox, registrations } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOptInMails, optInKeys } from '../src/modules/workshops/opt-in-mails.js';
import { createHarness, type Harness } from './support/harness.js';
import {
  createWorkshop,
  participant,
  type WorkshopWorld,
  workshopWorld,
} from './support/workshop-fixtures.js';

// Small caps, so a test reaches them in a few requests.
const caps = {
  DATABASE_POOL_MAX: '10',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
  OPT_IN_MAILS_PER_ADDRESS_PER_DAY: '3',
  OPT_IN_MAILS_PER_WORKSHOP_PER_DAY: '4',
};

const invitee = (email: string) => ({ ...participant(1), email, consent: true });

/** A published workshop of a new municipality and its invitation link, on the harness given. */
async function invited(h: Harness, w: WorkshopWorld) {
  const m = await h.municipality();
  const ws = await createWorkshop(h, w, [m.id]);
  const res = await h.request({
    method: 'POST',
    url: `/v1/workshops/${ws.id}/invitations`,
    token: w.admin.token,
    payload: { municipalityId: m.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { workshopId: ws.id, token: res.json().token as string };
}

const register = (h: Harness, token: string, email: string) =>
  h.request({
    method: 'POST',
    url: `/v1/public/invitations/${token}/registrations`,
    payload: invitee(email),
  });

async function optInMailsOf(h: Harness, workshopId: string) {
  const ids = new Set(
    (
      await h.owner
        .select({ id: registrations.id })
        .from(registrations)
        .where(eq(registrations.workshopId, workshopId))
    ).map((r) => r.id),
  );
  return (await h.owner.select().from(outbox).where(eq(outbox.jobName, 'registration.optIn'))).filter((o) =>
    ids.has((o.payload as { registrationId: string }).registrationId),
  );
}

const registrationsOf = (h: Harness, workshopId: string) =>
  h.owner.select().from(registrations).where(eq(registrations.workshopId, workshopId));

describe.each([
  ['Redis, shared by every API instance', {}],
  ['memory, in dev mode without Redis', { REDIS_URL: '' }],
])('opt-in mails counted in %s', (_name, env: Record<string, string>) => {
  let h: Harness;
  let w: WorkshopWorld;
  beforeAll(async () => {
    h = await createHarness({ ...caps, ...env });
    w = await workshopWorld(h);
  });
  afterAll(() => h.close());

  it('mails once for five identical registrations, all answered with the identical 202', async () => {
    const { workshopId, token } = await invited(h, w);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await register(h, token, 'wiederholt@example.org'));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await optInMailsOf(h, workshopId)).toHaveLength(1);
    expect(await registrationsOf(h, workshopId)).toHaveLength(1);
  });

  it('takes parallel identical registrations as one mail', async () => {
    const { workshopId, token } = await invited(h, w);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => register(h, token, 'gleichzeitig@example.org')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(await optInMailsOf(h, workshopId)).toHaveLength(1);
  });

  it('stops mailing an address past its daily cap, over all workshops, still answering 202', async () => {
    const answers = [];
    const workshops = [];
    for (let i = 0; i < 4; i++) {
      const { workshopId, token } = await invited(h, w);
      workshops.push(workshopId);
      answers.push(await register(h, token, 'viele-werkstaetten@example.org'));
    }
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const mails = await Promise.all(workshops.map((id) => optInMailsOf(h, id)));
    expect(mails.map((m) => m.length)).toEqual([1, 1, 1, 0]);
    // Over the cap nothing is recorded either.
    expect(await registrationsOf(h, workshops[3]!)).toHaveLength(0);
  });

  it('stops mailing for a workshop past its daily cap, still answering 202', async () => {
    const { workshopId, token } = await invited(h, w);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await register(h, token, `person-${i}@example.org`));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await optInMailsOf(h, workshopId)).toHaveLength(4);
    expect(await registrationsOf(h, workshopId)).toHaveLength(4);
  });
});

describe('the resend interval in Redis', () => {
  let h: Harness;
  let w: WorkshopWorld;
  beforeAll(async () => {
    h = await createHarness(caps);
    w = await workshopWorld(h);
  });
  afterAll(() => h.close());

  it('mails a still unconfirmed address again once the interval has passed, and lasts 15 minutes', async () => {
    const { workshopId, token } = await invited(h, w);
    await register(h, token, 'spaeter@example.org');
    const gate = optInKeys(workshopId, 'SPAETER@example.org').resend;
    const ttl = await h.deps.redis!.ttl(gate);
    expect(ttl).toBeGreaterThan(14 * 60);
    expect(ttl).toBeLessThanOrEqual(15 * 60);
    await register(h, token, 'spaeter@example.org');
    expect(await optInMailsOf(h, workshopId)).toHaveLength(1);
    // What the passing of 15 minutes does to the key.
    await h.deps.redis!.del(gate);
    await register(h, token, 'spaeter@example.org');
    expect(await optInMailsOf(h, workshopId)).toHaveLength(2);
    expect(await registrationsOf(h, workshopId)).toHaveLength(1);
  });
});

describe('the resend interval in memory', () => {
  it('lets the next mail through once the interval has passed, not before', async () => {
    const mails = createOptInMails(
      {
        OPT_IN_RESEND_MINUTES: 15,
        OPT_IN_MAILS_PER_ADDRESS_PER_DAY: 10,
        OPT_IN_MAILS_PER_WORKSHOP_PER_DAY: 200,
      },
      null,
    );
    const t0 = new Date('2026-12-04T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const workshopId = '00000000-0000-4000-8000-000000000001';
    expect(await mails.take(workshopId, 'a@example.org', t0)).toBe(true);
    expect(await mails.take(workshopId, 'A@example.org', at(14.9))).toBe(false);
    expect(await mails.take(workshopId, 'b@example.org', at(1))).toBe(true);
    expect(await mails.take(workshopId, 'a@example.org', at(15))).toBe(true);
  });
});
