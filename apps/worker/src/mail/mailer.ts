import { access, appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config.js';

export interface MailMessage {
  /** Stable id of the message: the job id, so every attempt of a job is the same message. */
  id: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Where answers go: the program office's contact, when the mail's program has one. */
  replyTo?: { name: string; address: string };
  /** An iCalendar object (see buildICalendar), attached as text/calendar. */
  calendar?: { method: 'PUBLISH' | 'CANCEL'; filename: string; content: string };
  /** Whose mail this is: erasing that user or registration removes the copies a transport kept. */
  about: MailSubject;
}

/** The person a mail was written for, as the record that an erasure names. */
export interface MailSubject {
  kind: 'user' | 'registration' | 'application';
  id: string;
}

/** 'already-sent' when an earlier attempt of the same job produced the message. */
export type Delivery = 'sent' | 'already-sent';

export interface Mailer {
  deliver(message: MailMessage): Promise<Delivery>;
  /** Removes every copy of the subject's mails that this transport kept (none for SMTP). */
  eraseMailsAbout(subject: MailSubject): Promise<void>;
  close(): Promise<void>;
}

/** Remembers which message ids an SMTP server has accepted. */
export interface SentMailLog {
  has(id: string): Promise<boolean>;
  add(id: string): Promise<void>;
}

const SENT_LOG_TTL_SECONDS = 90 * 24 * 3600;

export function createRedisSentMailLog(redis: Redis, prefix: string): SentMailLog {
  const key = (id: string) => `${prefix}:mail-sent:${id}`;
  return {
    has: async (id) => (await redis.exists(key(id))) === 1,
    add: async (id) => {
      await redis.set(key(id), '1', 'EX', SENT_LOG_TTL_SECONDS);
    },
  };
}

/** For dev mode without Redis: remembers for the life of the process only. */
export function createMemorySentMailLog(): SentMailLog {
  const sent = new Set<string>();
  return { has: async (id) => sent.has(id), add: async (id) => void sent.add(id) };
}

function assertSafeId(id: string) {
  // The id names a file and a Message-ID, so it must not contain path or header syntax.
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Error(`Invalid mail id "${id}"`);
}

function senderDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.split('@')[1] ?? 'werkstatt.localhost';
}

type MailConfig = Pick<Config, 'MAIL_TRANSPORT' | 'SMTP_URL' | 'MAIL_FROM' | 'MAIL_OUTBOX_DIR'>;

function mailOptions(config: MailConfig, message: MailMessage): SendMailOptions {
  return {
    from: config.MAIL_FROM,
    to: { name: message.to.name, address: message.to.address },
    ...(message.replyTo ? { replyTo: { name: message.replyTo.name, address: message.replyTo.address } } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    // The same id on every attempt lets receiving systems recognise a repeated delivery.
    messageId: `<${message.id}@${senderDomain(config.MAIL_FROM)}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Werkstatt-Message-Id': message.id },
    ...(message.calendar
      ? {
          icalEvent: {
            method: message.calendar.method,
            filename: message.calendar.filename,
            content: message.calendar.content,
          },
        }
      : {}),
  };
}

/**
 * Writes each message as `<id>.eml` into MAIL_OUTBOX_DIR (dev and tests). The file is written under a
 * temporary name and renamed, so a crash never leaves half a message, and a message whose file exists
 * is not written again. `subjects/<kind>-<id>` lists the message ids written for each person, one a
 * line, so erasing the person removes their files; the id is listed before the file is written, so
 * no file is ever unlisted (a listed id without a file is skipped).
 */
function createFileMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const dir = path.resolve(config.MAIL_OUTBOX_DIR);
  const subjectsDir = path.join(dir, 'subjects');
  const listOf = (subject: MailSubject) => {
    assertSafeId(subject.id);
    return path.join(subjectsDir, `${subject.kind}-${subject.id}`);
  };
  return {
    async deliver(message) {
      assertSafeId(message.id);
      const file = path.join(dir, `${message.id}.eml`);
      const exists = await access(file).then(
        () => true,
        () => false,
      );
      if (exists) return 'already-sent';
      const info = await transport.sendMail(mailOptions(config, message));
      await mkdir(subjectsDir, { recursive: true });
      await appendFile(listOf(message.about), `${message.id}\n`);
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, info.message as Buffer);
      await rename(temporary, file);
      return 'sent';
    },
    async eraseMailsAbout(subject) {
      const list = listOf(subject);
      const ids = await readFile(list, 'utf8').then(
        (text) => text.split('\n').filter((id) => /^[A-Za-z0-9_-]{1,100}$/.test(id)),
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return [];
          throw err;
        },
      );
      for (const id of ids) await rm(path.join(dir, `${id}.eml`), { force: true });
      await rm(list, { force: true });
    },
    close: async () => transport.close(),
  };
}

/**
 * Sends through SMTP_URL. SMTP cannot make a submission idempotent, so "exactly once" is not on
 * offer: the choice here is at-least-once with a narrow duplicate window. The sent log is checked
 * before and written right after the server accepted the message; only a crash between the server's
 * "250 OK" and that write (milliseconds) sends the message again on retry, and that repeat carries
 * the same Message-ID. The other order (log, then send) would lose the mail on such a crash, which
 * is worse for invitations and account mails than a rare duplicate.
 */
function createSmtpMailer(config: MailConfig, sentLog: SentMailLog): Mailer {
  const transport = nodemailer.createTransport(config.SMTP_URL!);
  return {
    async deliver(message) {
      assertSafeId(message.id);
      if (await sentLog.has(message.id)) return 'already-sent';
      await transport.sendMail(mailOptions(config, message));
      await sentLog.add(message.id);
      return 'sent';
    },
    // Nothing of the mail stays here: the sent log keeps message ids only.
    eraseMailsAbout: async () => {},
    close: async () => transport.close(),
  };
}

export function createMailer(config: MailConfig, sentLog: SentMailLog): Mailer {
  return config.MAIL_TRANSPORT === 'smtp' ? createSmtpMailer(config, sentLog) : createFileMailer(config);
}
