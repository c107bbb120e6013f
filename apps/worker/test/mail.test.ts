import { buildCalendar } from '@werkstatt/calendar';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { renderMail } from '../src/mail/layout.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { createHandlers } from '../src/registry.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
let mailer: Mailer;

beforeAll(async () => {
  t = await createWorkerTestContext();
  mailer = createMailer(t.config, createMemorySentMailLog());
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

async function runWelcome(payload: { userId: string; municipalityId: string | null }) {
  const jobId = await t.enqueue({ queue: 'mail', name: 'user.welcome', payload });
  const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
  await handlers.mail!['user.welcome'](payload, { jobId, attempt: 1, log: silentLogger });
  return jobId;
}

describe('welcome mail', () => {
  it('writes a German .eml for the user: name, role, municipality, login URL, no password', async () => {
    const m = await t.municipality('Verbandsgemeinde Südliche Weinstraße');
    const user = await t.user('municipality_editor', m.id, {
      name: 'Jürgen Weißmüller',
      email: 'juergen.weissmueller@vg-suew.example',
    });
    const jobId = await runWelcome({ userId: user.id, municipalityId: m.id });

    expect(await t.mails()).toContain(`${jobId}.eml`);
    const raw = await t.readMail(`${jobId}.eml`);
    // Headers are 7-bit: umlauts travel as RFC 2047 encoded words, never as raw bytes.
    const headerBlock = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
    expect(headerBlock).not.toMatch(/[^\x20-\x7e\r\n\t]/);
    expect(headerBlock).toMatch(/^To: =\?UTF-8\?/im);

    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Ihr Zugang zur Digital-Werkstatt');
    expect(mail.to).toMatchObject({
      value: [{ address: 'juergen.weissmueller@vg-suew.example', name: 'Jürgen Weißmüller' }],
    });
    expect(mail.from?.value[0]).toMatchObject({ address: 'no-reply@werkstatt.example' });
    expect(mail.messageId).toBe(`<${jobId}@werkstatt.example>`);

    expect(mail.text).toContain('Guten Tag Jürgen Weißmüller,');
    expect(mail.text).toContain('Rolle: Bearbeitung');
    expect(mail.text).toContain('Kommune: Verbandsgemeinde Südliche Weinstraße');
    expect(mail.text).toContain('Mit der Rolle „Bearbeitung“ können Sie Teilnehmende anmelden');
    expect(mail.text).toContain('https://werkstatt.example/anmelden');
    expect(mail.text).toContain('Mit freundlichen Grüßen');
    // Nobody hands out passwords: the user sets their own.
    expect(mail.text).toContain('Ihr Passwort legen Sie selbst fest');
    expect(mail.text).not.toContain('Person, die Ihren Zugang eingerichtet hat');
    expect(mail.text).not.toContain(user.passwordHash);

    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('Guten Tag Jürgen Weißmüller,');
    expect(mail.html).toContain('href="https://werkstatt.example/anmelden"');
    expect(mail.html).toContain('Verbandsgemeinde Südliche Weinstraße');
  });

  it('greets program office users without a municipality, with their role in German', async () => {
    const user = await t.user('moderator', null, { name: 'Özlem Çelik' });
    const jobId = await runWelcome({ userId: user.id, municipalityId: null });
    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(mail.text).toContain('Guten Tag Özlem Çelik,');
    expect(mail.text).toContain('Rolle: Moderation');
    expect(mail.text).not.toContain('Kommune:');
  });

  it('does not write the message twice when the job runs again', async () => {
    const m = await t.municipality();
    const user = await t.user('municipality_admin', m.id);
    const payload = { userId: user.id, municipalityId: m.id };
    const jobId = await runWelcome(payload);
    const first = await t.readMail(`${jobId}.eml`);
    const before = (await t.mails()).length;

    const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
    await handlers.mail!['user.welcome'](payload, { jobId, attempt: 2, log: silentLogger });

    expect(await t.mails()).toHaveLength(before);
    expect((await t.readMail(`${jobId}.eml`)).equals(first)).toBe(true);
  });

  it('sends nothing to a disabled user or when the municipality does not match', async () => {
    const m = await t.municipality();
    const other = await t.municipality('Stadt Zweibrücken');
    const disabled = await t.user('municipality_viewer', m.id, { disabled: true });
    const active = await t.user('municipality_viewer', m.id);
    const before = await t.mails();

    await runWelcome({ userId: disabled.id, municipalityId: m.id });
    await runWelcome({ userId: active.id, municipalityId: other.id });

    expect(await t.mails()).toEqual(before);
  });
});

describe('mail layout', () => {
  it('escapes HTML in content and keeps the text version readable', () => {
    const mail = renderMail({
      subject: 'Einladung zur Werkstatt',
      greeting: 'Guten Tag <Frau> Müller,',
      blocks: [
        { kind: 'paragraph', text: 'Straße & Platz "Süd"' },
        { kind: 'facts', items: [{ label: 'Datum', value: '12. März 2025, 09:00–17:00 Uhr' }] },
        { kind: 'action', label: 'Anmeldung öffnen', url: 'https://werkstatt.example/a?b=1&c=2' },
      ],
      closing: ['Mit freundlichen Grüßen', 'Ihr Programmbüro'],
      footer: 'Automatisch versandt.',
    });
    expect(mail.html).toContain('Guten Tag &lt;Frau&gt; Müller,');
    expect(mail.html).toContain('Straße &amp; Platz &quot;Süd&quot;');
    expect(mail.html).toContain('href="https://werkstatt.example/a?b=1&amp;c=2"');
    expect(mail.text).toBe(
      [
        'Guten Tag <Frau> Müller,',
        'Straße & Platz "Süd"',
        'Datum: 12. März 2025, 09:00–17:00 Uhr',
        'Anmeldung öffnen:\nhttps://werkstatt.example/a?b=1&c=2',
        'Mit freundlichen Grüßen\nIhr Programmbüro',
        '--\nAutomatisch versandt.',
      ].join('\n\n'),
    );
  });

  it('attaches the workshop as an iCalendar event that calendar clients can read', async () => {
    const ics = buildCalendar(
      [
        {
          uid: 'workshop-0190a5f2@werkstatt',
          sequence: 0,
          start: new Date('2025-03-12T08:00:00Z'),
          end: new Date('2025-03-12T16:00:00Z'),
          summary: 'Digital-Werkstatt: Verbandsgemeinde Südliche Weinstraße',
          status: 'CONFIRMED',
          location: 'Rathaus, Großer Sitzungssaal',
        },
      ],
      { method: 'PUBLISH', stamp: new Date('2025-01-02T10:00:00Z') },
    );
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20250312T090000');

    const user = await t.user('moderator', null);
    const rendered = renderMail({
      subject: 'Ihre Werkstatt am 12. März',
      greeting: 'Guten Tag,',
      blocks: [],
      closing: ['Mit freundlichen Grüßen'],
      footer: 'Automatisch versandt.',
    });
    const id = '0190a5f2-7b1c-7cc4-9a51-5d6c9f1e2b3a';
    await mailer.deliver({
      id,
      to: { name: user.name, address: user.email },
      about: { kind: 'user', id: user.id },
      ...rendered,
      calendar: { method: 'PUBLISH', filename: 'werkstatt.ics', content: ics },
    });
    const mail = await simpleParser(await t.readMail(`${id}.eml`));
    // Calendar clients read the text/calendar alternative; others get the .ics file.
    const inline = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(inline?.headers.get('content-type')).toMatchObject({ params: { method: 'PUBLISH' } });
    const file = mail.attachments.find((a) => a.filename === 'werkstatt.ics');
    expect(file?.contentDisposition).toBe('attachment');
    expect(file?.content.toString('utf8')).toBe(ics);
  });
});
