import type { Database } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { type MailBlock, type RenderedMail, renderMail } from '../mail/layout.js';
import type { Mailer } from '../mail/mailer.js';
import { signOff } from '../mail/sender.js';
import { jobScope } from '../scope.js';
import { findActiveUser, findSubscription, listAdmins, listLatestAttempts } from './disabled-mail.data.js';

/** The latest attempts the mail lists. */
const ATTEMPTS_LISTED = 5;

const germanDateTime = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
});
const formatDateTime = (d: Date) => `${germanDateTime.format(d)} Uhr`;

export interface WebhookDisabledInput {
  recipientName: string;
  url: string;
  description: string | null;
  /** Null for a program-wide subscription. */
  municipalityName: string | null;
  disabledAt: Date;
  failures: number;
  attempts: { startedAt: Date; statusCode: number | null; error: string | null }[];
  appName: string;
  consoleUrl: string;
}

export function renderWebhookDisabledMail(input: WebhookDisabledInput): RenderedMail {
  const blocks: MailBlock[] = [
    {
      kind: 'paragraph',
      text: `das Webhook-Abonnement für ${input.url} wurde am ${formatDateTime(input.disabledAt)} automatisch deaktiviert: ${input.failures} Zustellversuche in Folge sind fehlgeschlagen. Ihr Empfänger war nicht erreichbar oder hat nicht mit einem Status 2xx geantwortet.`,
    },
    {
      kind: 'facts',
      items: [
        { label: 'Ziel-URL', value: input.url },
        ...(input.description ? [{ label: 'Beschreibung', value: input.description }] : []),
        { label: 'Gilt für', value: input.municipalityName ?? 'das ganze Programm' },
        { label: 'Fehlversuche in Folge', value: String(input.failures) },
      ],
    },
  ];
  if (input.attempts.length > 0) {
    blocks.push(
      { kind: 'paragraph', text: 'Die letzten Fehler:' },
      {
        kind: 'facts',
        items: input.attempts.map((a) => ({
          label: formatDateTime(a.startedAt),
          value: a.statusCode !== null ? `HTTP-Status ${a.statusCode}` : (a.error ?? 'keine Antwort'),
        })),
      },
    );
  }
  blocks.push(
    {
      kind: 'paragraph',
      text: 'Solange das Abonnement deaktiviert ist, stellen wir keine Ereignisse zu; noch ausstehende Zustellungen wurden beendet. Prüfen Sie bitte, ob Ihr Empfänger unter der Adresse erreichbar ist und innerhalb von 10 Sekunden mit einem Status 2xx antwortet. Weiterleitungen (3xx) folgen wir nicht.',
    },
    {
      kind: 'paragraph',
      text: 'Danach aktivieren Sie das Abonnement wieder: in der Verwaltung unter „Webhooks“ oder über die API mit PATCH auf das Abonnement und dem Inhalt {"status": "active"}. Das Zustellprotokoll zeigt jeden Versuch mit Status und Antwort.',
    },
    { kind: 'action', label: 'Zur Verwaltung', url: input.consoleUrl },
  );
  return renderMail({
    subject: `Webhook deaktiviert: ${input.url}`,
    preheader: `${input.failures} Zustellversuche in Folge sind fehlgeschlagen.`,
    greeting: `Guten Tag ${input.recipientName},`,
    blocks,
    closing: signOff(input.appName),
    footer:
      'Sie erhalten diese E-Mail, weil Sie das Webhook-Abonnement angelegt haben oder es verwalten. Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht auf diese Nachricht.',
  });
}

export interface WebhookDisabledMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL'>;
}

/**
 * Tells a disabled subscription's owner: its creator while their account is active, otherwise the
 * admins of its municipality (the program admins for a program-wide one). Nothing when it was
 * re-enabled or deleted meanwhile. Each message id is the job's and the recipient's, so a retried
 * job skips what an earlier attempt sent.
 */
export async function sendWebhookDisabledMail(
  { db, mailer, config }: WebhookDisabledMailDeps,
  payload: JobPayload<'mail', 'webhook.disabled'>,
  ctx: JobContext,
): Promise<void> {
  const at = { jobId: ctx.jobId, subscriptionId: payload.subscriptionId };
  const loaded = await jobScope(db, payload.municipalityId).transaction(async (tx) => {
    const subscription = await findSubscription(tx, payload.subscriptionId);
    if (subscription?.status !== 'disabled' || subscription.deletedAt) return undefined;
    const creator = subscription.createdBy ? await findActiveUser(tx, subscription.createdBy) : undefined;
    const recipients = creator ? [creator] : await listAdmins(tx, subscription.municipalityId);
    const attempts = await listLatestAttempts(tx, subscription.id, ATTEMPTS_LISTED);
    return { subscription, recipients, attempts };
  });
  if (!loaded) {
    ctx.log.info(at, 'webhook disabled mail skipped: subscription active again or gone');
    return;
  }
  const { subscription, recipients, attempts } = loaded;
  for (const recipient of recipients) {
    const mail = renderWebhookDisabledMail({
      recipientName: recipient.name,
      url: subscription.url,
      description: subscription.description,
      municipalityName: subscription.municipalityName,
      disabledAt: subscription.disabledAt ?? new Date(),
      failures: subscription.consecutiveFailures,
      attempts,
      appName: config.APP_NAME,
      consoleUrl: config.APP_URL,
    });
    const delivery = await mailer.deliver({
      id: `${ctx.jobId}-${recipient.id}`,
      to: { name: recipient.name, address: recipient.email },
      about: { kind: 'user', id: recipient.id },
      ...mail,
    });
    ctx.log.info({ ...at, userId: recipient.id, delivery }, 'webhook disabled mail');
  }
}
