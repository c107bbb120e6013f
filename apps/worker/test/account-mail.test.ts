import { createHash } from 'node:crypto';
import { accountTokens } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { accountLinkToken } from '../src/mail/account-links.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { createHandlers } from '../src/registry.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
let mailer: Mailer;

beforeAll(async () => {
  t = await createWorkerTestContext({ LINK_SECRET: 'worker-test-link-secret-of-32-characters' });
  mailer = createMailer(t.config, createMemorySentMailLog());
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

type Purpose = 'invitation' | 'password_reset';
const jobName = { invitation: 'user.invitation', password_reset: 'user.passwordReset' } as const;

async function link(
  userId: string,
  municipalityId: string | null,
  purpose: Purpose,
  expiresAt = new Date('2026-12-12T09:15:00Z'),
) {
  const [row] = await t.owner
    .insert(accountTokens)
    .values({ userId, municipalityId, purpose, expiresAt })
    .returning();
  return row!;
}

async function run(
  purpose: Purpose,
  payload: { tokenId: string; municipalityId: string | null },
  attempt = 1,
) {
  const jobId = await t.enqueue({ queue: 'mail', name: jobName[purpose], payload });
  const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
  await handlers.mail![jobName[purpose]](payload, { jobId, attempt, log: silentLogger });
  return jobId;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('account link mails', () => {
  it('the invitation carries the set-password link; the row keeps only its hash', async () => {
    const m = await t.municipality('Verbandsgemeinde Wonnegau');
    const user = await t.user('municipality_admin', m.id, { name: 'Ayşe Yılmaz' });
    const row = await link(user.id, m.id, 'invitation');
    const jobId = await run('invitation', { tokenId: row.id, municipalityId: m.id });

    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    const token = accountLinkToken('worker-test-link-secret-of-32-characters', row.id);
    const url = `https://werkstatt.example/anmelden/passwort-setzen/${token}`;
    expect(mail.subject).toBe('Ihr Zugang zur Digital-Werkstatt: bitte Passwort festlegen');
    expect(mail.text).toContain('Guten Tag Ayşe Yılmaz,');
    expect(mail.text).toContain('Rolle: Administration der Kommune');
    expect(mail.text).toContain('Kommune: Verbandsgemeinde Wonnegau');
    expect(mail.text).toContain(`Passwort festlegen:\n${url}`);
    // 09:15 UTC is 10:15 in Germany in December.
    expect(mail.text).toContain('Der Link gilt bis 12. Dezember 2026 um 10:15 Uhr und nur einmal.');
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.text).toContain('Mit freundlichen Grüßen\nIhr Team der Digital-Werkstatt');
    expect(mail.text).not.toContain('Team von');

    const [stored] = await t.owner.select().from(accountTokens).where(eq(accountTokens.id, row.id));
    expect(stored!.tokenHash).toBe(sha256(token));
    const job = await t.outboxRow(jobId);
    expect(JSON.stringify(job)).not.toContain(token);
  });

  it('the reset mail says what to do if nobody asked, and a second run mails the same link', async () => {
    const user = await t.user('moderator', null, { name: 'Özlem Çelik' });
    const row = await link(user.id, null, 'password_reset');
    const payload = { tokenId: row.id, municipalityId: null };
    const jobId = await run('password_reset', payload);
    const first = await t.readMail(`${jobId}.eml`);
    const mail = await simpleParser(first);
    expect(mail.subject).toBe('Neues Passwort für die Digital-Werkstatt');
    expect(mail.text).toContain(
      `Neues Passwort festlegen:\nhttps://werkstatt.example/anmelden/passwort-zuruecksetzen/${accountLinkToken('worker-test-link-secret-of-32-characters', row.id)}`,
    );
    expect(mail.text).toContain(
      'Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.',
    );
    expect(mail.text).toContain('Ihr Team der Digital-Werkstatt');

    // A retry of the same job: the same message, the same stored hash.
    const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
    await handlers.mail!['user.passwordReset'](payload, { jobId, attempt: 2, log: silentLogger });
    expect((await t.readMail(`${jobId}.eml`)).equals(first)).toBe(true);
  });

  it('mails nothing for a used, voided or expired link, a disabled user or another municipality', async () => {
    const m = await t.municipality();
    const other = await t.municipality('Stadt Zweibrücken');
    const user = await t.user('municipality_editor', m.id);
    const disabled = await t.user('municipality_editor', m.id, { disabled: true });
    const used = await link(user.id, m.id, 'password_reset');
    await t.owner.update(accountTokens).set({ usedAt: new Date() }).where(eq(accountTokens.id, used.id));
    const voided = await link(user.id, m.id, 'password_reset');
    await t.owner.update(accountTokens).set({ revokedAt: new Date() }).where(eq(accountTokens.id, voided.id));
    const expired = await link(user.id, m.id, 'password_reset', new Date(Date.now() - 1000));
    const ofDisabled = await link(disabled.id, m.id, 'invitation');
    const open = await link(user.id, m.id, 'invitation');
    const before = await t.mails();

    await run('password_reset', { tokenId: used.id, municipalityId: m.id });
    await run('password_reset', { tokenId: voided.id, municipalityId: m.id });
    await run('password_reset', { tokenId: expired.id, municipalityId: m.id });
    await run('invitation', { tokenId: ofDisabled.id, municipalityId: m.id });
    // In another municipality's scope the row is invisible; under the wrong job name it does not match.
    await run('invitation', { tokenId: open.id, municipalityId: other.id });
    await run('password_reset', { tokenId: open.id, municipalityId: m.id });

    expect(await t.mails()).toEqual(before);
    const rows = await t.owner.select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    expect(rows.every((r) => r.tokenHash === null)).toBe(true);
  });
});
