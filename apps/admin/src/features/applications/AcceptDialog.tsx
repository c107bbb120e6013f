import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/FormField';
import { useToast } from '../../ui/Toast';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import {
  type AcceptErrors,
  type AcceptValues,
  acceptBody,
  acceptFieldOrder,
  acceptProblem,
  checkAccept,
  initialAcceptValues,
} from './accept-form';
import { formatPreferredDate } from './format';
import { invalidateAfterDecision } from './queries';

const t = de.applications;

interface AcceptDialogProps {
  application: Schema<'WorkshopApplication'>;
  applicantName: string;
  onClose: () => void;
  /** After the decision was saved (the dialog's opener may be gone from the list by then). */
  onDone: () => void;
}

/** Workshops the applicant takes part in that are still ahead; only these can be linked. */
function useLinkableWorkshops(municipalityId: string) {
  const [from] = useState(() => new Date().toISOString());
  const query = $api.useQuery('get', '/v1/workshops', {
    params: { query: { municipalityId, from, sort: 'startsAt', limit: 100 } },
  });
  const workshops = (query.data?.data ?? []).filter((w) => w.status === 'draft' || w.status === 'published');
  return { query, workshops };
}

/**
 * Accepting either schedules a draft workshop on the first preferred date (title, format and the
 * format's place; the rest is edited in the workshop afterwards) or links a workshop the applicant
 * already takes part in. The API's problems appear at their fields, in German.
 */
export function AcceptDialog({ application, applicantName, onClose, onDone }: AcceptDialogProps) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<AcceptValues>(() => initialAcceptValues(applicantName));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<AcceptErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { query: linkable, workshops } = useLinkableWorkshops(application.municipalityId);
  const accept = $api.useMutation('post', '/v1/workshop-applications/{id}/accept');
  useUnsavedChanges(dirty && !accept.isSuccess);

  const set =
    <K extends keyof AcceptValues>(key: K) =>
    (value: AcceptValues[K]) => {
      setValues((v) => ({ ...v, [key]: value }));
      setDirty(true);
    };

  const fail = (fieldErrors: AcceptErrors, text: string | null) => {
    setErrors(fieldErrors);
    setMessage(text);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkAccept(values);
    if (Object.keys(missing).length > 0) return fail(missing, null);
    try {
      await accept.mutateAsync({ params: { path: { id: application.id } }, body: acceptBody(values) });
      toast('success', t.accepted(applicantName));
      await invalidateAfterDecision(queryClient);
      onDone();
    } catch (error) {
      const outcome = acceptProblem(error, problemMessage);
      fail(outcome.fields, outcome.message);
      // Someone else decided meanwhile: the list should show it.
      if (outcome.message === t.problems.notPending) await invalidateAfterDecision(queryClient);
    }
  };

  const summary = acceptFieldOrder.flatMap((field) => {
    const text = errors[field];
    return text ? [{ inputName: field, message: text }] : [];
  });
  const first = application.preferredDates[0];

  return (
    <Dialog
      open
      title={t.acceptTitle}
      onClose={onClose}
      footer={
        <>
          <Button type="submit" form="accept-form" busy={accept.isPending} busyLabel={t.acceptSubmitting}>
            {t.acceptSubmit}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {de.ui.cancel}
          </Button>
        </>
      }
    >
      <form id="accept-form" noValidate onSubmit={submit}>
        <p>{t.acceptIntro(applicantName)}</p>
        {message ? <Alert key={attempt} tone="error" title={message} focusOnMount /> : null}
        <ErrorSummary title={de.form.summaryTitle(summary.length)} items={summary} attempt={attempt} />
        <fieldset className="choice-group">
          <legend className="field-label">{t.modeLegend}</legend>
          {(['new', 'existing'] as const).map((mode) => (
            <div className="checkbox-row" key={mode}>
              <input
                type="radio"
                className="checkbox"
                id={`accept-mode-${mode}`}
                name="mode"
                checked={values.mode === mode}
                onChange={() => {
                  set('mode')(mode);
                  setErrors({});
                }}
              />
              <label htmlFor={`accept-mode-${mode}`}>{mode === 'new' ? t.modeNew : t.modeExisting}</label>
            </div>
          ))}
        </fieldset>
        {values.mode === 'new' ? (
          <>
            {first ? <p className="field-hint">{t.newHint(formatPreferredDate(first))}</p> : null}
            <TextField
              name="title"
              label={t.workshopTitle}
              required
              value={values.title}
              onChange={set('title')}
              error={errors.title}
            />
            <SelectField
              name="format"
              label={t.format}
              required
              value={values.format}
              placeholder={t.existingPlaceholder}
              options={[
                { value: 'onsite', label: t.formats.onsite },
                { value: 'online', label: t.formats.online },
              ]}
              onChange={(format) => {
                set('format')(format);
                setErrors({});
              }}
              error={errors.format}
            />
            {values.format === 'onsite' ? (
              <>
                <TextField
                  name="venueName"
                  label={t.venueName}
                  hint={t.venueNameHint}
                  required
                  value={values.venueName}
                  onChange={set('venueName')}
                  error={errors.venueName}
                />
                <TextField
                  name="street"
                  label={t.street}
                  required
                  autoComplete="off"
                  value={values.street}
                  onChange={set('street')}
                  error={errors.street}
                />
                <div className="field-pair">
                  <TextField
                    name="postalCode"
                    label={t.postalCode}
                    required
                    autoComplete="off"
                    value={values.postalCode}
                    onChange={set('postalCode')}
                    error={errors.postalCode}
                  />
                  <TextField
                    name="city"
                    label={t.city}
                    required
                    value={values.city}
                    onChange={set('city')}
                    error={errors.city}
                  />
                </div>
              </>
            ) : (
              <TextField
                name="onlineUrl"
                label={t.onlineUrl}
                hint={t.onlineUrlHint}
                required
                value={values.onlineUrl}
                onChange={set('onlineUrl')}
                error={errors.onlineUrl}
              />
            )}
            <TextField
              name="capacity"
              label={t.capacity}
              hint={t.capacityHint(application.expectedParticipants)}
              value={values.capacity}
              onChange={set('capacity')}
              error={errors.capacity}
            />
          </>
        ) : linkable.isPending ? (
          <p role="status" className="loading">
            {de.app.loading}
          </p>
        ) : linkable.isError ? (
          <Alert tone="error" title={de.ui.loadFailed}>
            <p>{problemMessage(linkable.error)}</p>
          </Alert>
        ) : workshops.length === 0 ? (
          <p className="empty">{t.existingNone}</p>
        ) : (
          <SelectField
            name="workshopId"
            label={t.existingWorkshop}
            hint={t.existingHint}
            required
            value={values.workshopId}
            placeholder={t.existingPlaceholder}
            options={workshops.map((w) => ({
              value: w.id,
              label: t.existingOption(w.title, formatDate(w.startsAt)),
            }))}
            onChange={set('workshopId')}
            error={errors.workshopId}
          />
        )}
      </form>
    </Dialog>
  );
}
