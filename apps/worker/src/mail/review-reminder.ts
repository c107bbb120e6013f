import type { Database } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { addDays, REVIEW_LEAD_DAYS, STEP_LEAD_DAYS } from '../reminders/scan.js';
import { jobScope } from '../scope.js';
import { type MailBlock, type RenderedMail, renderMail } from './layout.js';
import type { Mailer } from './mailer.js';
import { findReminder, findStrategyReview, listActiveAdmins, listDueSteps } from './review-reminder.data.js';
import { signOff } from './sender.js';

/** At most this many steps are listed; the mail says how many more there are. */
const MAX_STEPS_LISTED = 30;

const germanDate = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
const formatDate = (isoDate: string) => germanDate.format(new Date(`${isoDate}T00:00:00Z`));
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** "heute", "morgen", "in 5 Tagen", "seit gestern überfällig", "seit 3 Tagen überfällig". */
export function relativeDue(today: string, due: string): string {
  const d = daysBetween(today, due);
  if (d === 0) return 'heute fällig';
  if (d === 1) return 'morgen fällig';
  if (d > 1) return `fällig in ${d} Tagen`;
  if (d === -1) return 'seit gestern überfällig';
  return `seit ${-d} Tagen überfällig`;
}

export interface ReviewReminderInput {
  recipientName: string;
  municipalityName: string;
  today: string;
  review: { title: string; nextReviewOn: string } | null;
  steps: { title: string; measureTitle: string; dueOn: string }[];
  moreSteps: number;
  appName: string;
  loginUrl: string;
}

export function renderReviewReminderMail(input: ReviewReminderInput): RenderedMail {
  const blocks: MailBlock[] = [
    {
      kind: 'paragraph',
      text: `hier ist die Übersicht für ${input.municipalityName}: Folgendes steht in Ihrer Digitalstrategie an.`,
    },
  ];
  if (input.review) {
    blocks.push({
      kind: 'paragraph',
      text: `Fortschreibung: Die Überprüfung der Digitalstrategie „${input.review.title}“ ist für den ${formatDate(input.review.nextReviewOn)} vorgesehen (${relativeDue(input.today, input.review.nextReviewOn)}). Prüfen Sie den Stand der Maßnahmen und das Erreichen Ihrer Ziele und legen Sie danach den nächsten Termin fest.`,
    });
  }
  if (input.steps.length > 0) {
    blocks.push(
      {
        kind: 'paragraph',
        text:
          input.steps.length + input.moreSteps === 1
            ? 'Dieser Umsetzungsschritt ist bald fällig oder überfällig:'
            : `Diese ${input.steps.length + input.moreSteps} Umsetzungsschritte sind bald fällig oder überfällig:`,
      },
      {
        kind: 'facts',
        items: input.steps.map((s) => ({
          label: `${formatDate(s.dueOn)} (${relativeDue(input.today, s.dueOn)})`,
          value: `${s.measureTitle}: ${s.title}`,
        })),
      },
    );
    if (input.moreSteps > 0) {
      blocks.push({
        kind: 'paragraph',
        text: `… und ${input.moreSteps} weitere. Alle finden Sie in der Maßnahmenübersicht.`,
      });
    }
  }
  blocks.push(
    { kind: 'action', label: 'Zur Digitalstrategie', url: input.loginUrl },
    {
      kind: 'paragraph',
      text: 'Erledigte Schritte haken Sie einfach ab; dann erscheinen sie in keiner weiteren Erinnerung.',
    },
  );
  const what = [input.review ? 'Fortschreibung' : null, input.steps.length > 0 ? 'fällige Schritte' : null]
    .filter(Boolean)
    .join(' und ');
  return renderMail({
    subject: `Erinnerung: ${what} – ${input.municipalityName}`,
    preheader: `Was in Ihrer Digitalstrategie ansteht – ${input.municipalityName}`,
    greeting: `Guten Tag ${input.recipientName},`,
    blocks,
    closing: signOff(input.appName),
    footer:
      'Sie erhalten diese E-Mail als Administratorin oder Administrator Ihrer Kommune, höchstens einmal am Tag. Bitte antworten Sie nicht auf diese Nachricht.',
  });
}

export interface ReviewReminderDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL'>;
}

/**
 * Sends the day's digest to every active admin of the municipality, read as the data is now: what
 * was done since the scan is left out, and nothing left to remind of sends nothing. Each admin's
 * message id is derived from the reminder (municipality and day), so a retried job skips the
 * messages an earlier attempt delivered.
 */
export async function sendReviewReminderMail(
  { db, mailer, config }: ReviewReminderDeps,
  payload: JobPayload<'reminders', 'strategy.reviewReminder'>,
  ctx: JobContext,
): Promise<void> {
  const { municipalityId } = payload;
  const loaded = await jobScope(db, municipalityId).transaction(async (tx) => {
    const reminder = await findReminder(tx, payload.reminderId, municipalityId);
    if (!reminder) return undefined;
    const today = reminder.remindOn;
    const strategy = await findStrategyReview(tx, municipalityId);
    const steps = await listDueSteps(tx, municipalityId, addDays(today, STEP_LEAD_DAYS), MAX_STEPS_LISTED);
    const admins = await listActiveAdmins(tx, municipalityId);
    return { ...reminder, today, strategy, steps, admins };
  });
  if (!loaded) {
    ctx.log.info(
      { jobId: ctx.jobId, municipalityId },
      'review reminder skipped: no reminder or municipality',
    );
    return;
  }
  const review =
    loaded.strategy?.nextReviewOn && loaded.strategy.nextReviewOn <= addDays(loaded.today, REVIEW_LEAD_DAYS)
      ? { title: loaded.strategy.title, nextReviewOn: loaded.strategy.nextReviewOn }
      : null;
  const steps = loaded.steps.map((s) => ({ title: s.title, measureTitle: s.measureTitle, dueOn: s.dueOn! }));
  if (!review && steps.length === 0) {
    ctx.log.info({ jobId: ctx.jobId, municipalityId }, 'review reminder skipped: nothing due any more');
    return;
  }
  for (const admin of loaded.admins) {
    const mail = renderReviewReminderMail({
      recipientName: admin.name,
      municipalityName: loaded.municipalityName,
      today: loaded.today,
      review,
      steps,
      moreSteps: Math.max(0, (loaded.steps[0]?.total ?? 0) - steps.length),
      appName: config.APP_NAME,
      loginUrl: config.APP_URL,
    });
    const delivery = await mailer.deliver({
      id: reviewReminderMailId(municipalityId, loaded.today, admin.id),
      to: { name: admin.name, address: admin.email },
      about: { kind: 'user', id: admin.id },
      ...mail,
    });
    ctx.log.info({ jobId: ctx.jobId, municipalityId, userId: admin.id, delivery }, 'review reminder mail');
  }
}

/** reminder-<municipality>-<day>-<user>: stable for a municipality, day and recipient. */
export const reviewReminderMailId = (municipalityId: string, day: string, userId: string) =>
  `reminder-${municipalityId}-${day}-${userId}`;
