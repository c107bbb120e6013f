import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { problemToForm } from '../../ui/form';
import type { FieldErrors, Values } from './strategy-form';

const e = de.strategy.errors;

/** The German message for each of the form's controls, for problems the API reports at them. */
function messages(v: Values): Record<string, string> {
  const byField: Record<string, string> = {
    programId: e.programId,
    title: e.title,
    summary: e.summary,
    vision: e.vision,
    visibility: e.visibility,
    nextReviewOn: e.nextReviewOn,
    fields: e.fields,
    'councilMeeting.body': e.councilBody,
    councilMeeting: e.councilBody,
    'councilMeeting.meetingOn': e.councilMeetingOn,
    'councilMeeting.agendaItem': e.councilAgendaItem,
    adoptedOn: e.adoptedOn,
    councilResolution: e.councilResolution,
  };
  v.fields.forEach((f, i) => {
    byField[`fields.${i}.goal`] = e.goal(f.title);
    byField[`fields.${i}.rationale`] = e.rationale(f.title);
    byField[`fields.${i}.maturityNow`] = e.maturity(f.title);
    byField[`fields.${i}.maturityTarget`] = e.maturity(f.title);
  });
  return byField;
}

const codes = {
  unknown_action_field: e.unknownActionField,
  unknown_program: { field: 'programId', message: e.unknownProgram },
  program_change_blocked: e.programChangeBlocked,
} as const;

/** The API's problem at the form's fields (German) and the form's own message. */
export function strategyProblems(error: unknown, v: Values): { fields: FieldErrors; message: string | null } {
  const mapped = problemToForm<string>(error, { fields: messages(v), codes });
  // `councilMeeting` as a whole (e.g. a missing body) is shown at the body's control.
  if (mapped.fields.councilMeeting) {
    mapped.fields['councilMeeting.body'] ??= mapped.fields.councilMeeting;
    delete mapped.fields.councilMeeting;
  }
  // `fields` is the list as a whole (none chosen); a row's path without its own control is not about it.
  const aboutList = isProblem(error) && (error.errors ?? []).some((x) => x.path === 'body.fields');
  if (!aboutList) delete mapped.fields.fields;
  return { fields: mapped.fields as FieldErrors, message: mapped.message };
}

/** Whether a refused save is about the resolution (shown in the adoption dialog). */
export const isAdoptionProblem = (error: unknown): boolean =>
  isProblem(error) &&
  (error.code === 'strategy_not_adoptable' ||
    (error.errors ?? []).some((x) => /^body\.(adoptedOn|councilResolution)/.test(x.path)));
