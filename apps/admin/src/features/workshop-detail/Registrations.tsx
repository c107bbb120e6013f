import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { formatTime } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField } from '../../ui/FormField';
import { QueryState } from '../../ui/QueryState';
import { withName, workshopProblemMessage } from './problems';
import { promotedBetween } from './promotion';
import {
  fullName,
  type Registration,
  type RegistrationPage,
  refreshWorkshop,
  registrationsKey,
  useRegistrations,
  type Workshop,
} from './queries';
import { RegisterDialog } from './RegisterDialog';

const t = de.workshopDetail.registrations;

interface Outcome {
  tone: 'success' | 'info';
  title: string;
  text?: string;
}

/** Seats first, then the waitlist in its order, then those still to confirm, cancelled last. */
const statusRank = (r: Registration): number =>
  ({
    attended: 0,
    confirmed: 0,
    waitlisted: 1000 + (r.waitlistPosition ?? 0),
    pending: 5000,
    cancelled: 9000,
  })[r.status];

export const nameOf = (r: Registration): string => (r.anonymizedAt ? t.erased : fullName(r));

/** What the office says when a registration went through: a seat, or a place on the waitlist. */
export function registeredOutcome(r: Registration): Outcome {
  const r2 = de.workshopDetail.register;
  return r.status === 'waitlisted'
    ? { tone: 'info', title: r2.waitlistedTitle(fullName(r), r.waitlistPosition), text: r2.waitlistedText }
    : { tone: 'success', title: r2.confirmedTitle(fullName(r)), text: r2.confirmedText };
}

/** What the office says after cancelling: who moved up from the waitlist, if anyone. */
export function cancelledOutcome(
  cancelled: Registration,
  wasConfirmed: boolean,
  promoted: Registration[],
): Outcome {
  const c = de.workshopDetail.cancelRegistration;
  const text =
    promoted.length > 0
      ? c.promoted(promoted.map(fullName).join(', '))
      : wasConfirmed
        ? c.nobodyPromoted
        : undefined;
  return { tone: 'success', title: c.doneTitle(fullName(cancelled)), ...(text ? { text } : {}) };
}

interface RegistrationsProps {
  workshop: Workshop;
  municipalityNames: Map<string, string>;
  /** Registering and cancelling are over once the workshop is cancelled or held. */
  editable: boolean;
}

export function Registrations({ workshop, municipalityNames, editable }: RegistrationsProps) {
  const queryClient = useQueryClient();
  const registrations = useRegistrations(workshop.id);
  const [registering, setRegistering] = useState(false);
  const [cancelling, setCancelling] = useState<Registration | null>(null);
  const [showCancelled, setShowCancelled] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [outcomeKey, setOutcomeKey] = useState(0);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const cancel = $api.useMutation('post', '/v1/workshops/{id}/registrations/{registrationId}/cancel');

  const announce = (next: Outcome) => {
    setOutcome(next);
    setOutcomeKey((k) => k + 1);
  };

  const municipalities = workshop.municipalityIds.map((id) => ({
    id,
    name: municipalityNames.get(id) ?? '',
  }));
  const municipalityName = (id: string) => municipalityNames.get(id) ?? '';

  const confirmCancel = async () => {
    const target = cancelling;
    if (!target || cancel.isPending) return;
    const before = registrations.data?.data ?? [];
    try {
      const cancelled = await cancel.mutateAsync({
        params: { path: { id: workshop.id, registrationId: target.id } },
      });
      await refreshWorkshop(queryClient, workshop.id);
      const after = queryClient.getQueryData<RegistrationPage>(registrationsKey(workshop.id))?.data ?? [];
      setCancelling(null);
      setCancelError(null);
      announce(cancelledOutcome(cancelled, target.status === 'confirmed', promotedBetween(before, after)));
    } catch (error) {
      setCancelError(workshopProblemMessage(error));
    }
  };

  const columns: Column<Registration>[] = [
    {
      key: 'name',
      header: t.name,
      rowHeader: true,
      cell: nameOf,
      sortValue: (r) => `${r.lastName} ${r.firstName}`,
    },
    {
      key: 'municipality',
      header: t.municipality,
      cell: (r) => municipalityName(r.municipalityId),
      sortValue: (r) => municipalityName(r.municipalityId),
    },
    { key: 'role', header: t.role, cell: (r) => de.form.roles[r.role] },
    {
      key: 'status',
      header: t.status,
      // Waitlist position and check-in time belong to the status: two columns fewer to scroll on a tablet.
      cell: (r) => (
        <>
          <span className={`wd-status wd-status-${r.status}`}>{t.statuses[r.status]}</span>
          {r.waitlistPosition !== null ? (
            <span className="wd-status-detail">{t.positionOf(r.waitlistPosition)}</span>
          ) : null}
          {r.attendedAt ? (
            <span className="wd-status-detail">{t.checkedInAt(formatTime(r.attendedAt))}</span>
          ) : null}
        </>
      ),
      sortValue: statusRank,
    },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      header: t.actions,
      cell: (r) =>
        r.status === 'pending' || r.status === 'confirmed' || r.status === 'waitlisted' ? (
          <Button
            variant="secondary"
            aria-label={withName(t.cancel, nameOf(r))}
            onClick={() => {
              setCancelError(null);
              setCancelling(r);
            }}
          >
            {t.cancel}
          </Button>
        ) : null,
    });
  }

  return (
    <section className="card wd-section" aria-labelledby="wd-registrations">
      <div className="wd-section-head">
        <h2 id="wd-registrations">{t.heading}</h2>
        {editable ? (
          <div className="wd-inline-actions">
            <Button onClick={() => setRegistering(true)}>{t.add}</Button>
          </div>
        ) : null}
      </div>
      {/* Before the outcome: a closing dialog returns focus to its opener, then the outcome takes it. */}
      <RegisterDialog
        open={registering}
        workshopId={workshop.id}
        municipalities={municipalities}
        onClose={() => setRegistering(false)}
        onRegistered={async (created) => {
          setRegistering(false);
          announce(registeredOutcome(created));
          await refreshWorkshop(queryClient, workshop.id);
        }}
      />
      <CancelRegistrationDialog
        registration={cancelling}
        busy={cancel.isPending}
        error={cancelError}
        onConfirm={confirmCancel}
        onClose={() => setCancelling(null)}
      />
      {outcome ? (
        <Alert tone={outcome.tone} title={outcome.title} focusOnMount key={outcomeKey}>
          {outcome.text ? <p>{outcome.text}</p> : null}
        </Alert>
      ) : null}
      <QueryState query={registrations} loadingLabel={t.loading}>
        {(page) => {
          const rows = showCancelled ? page.data : page.data.filter((r) => r.status !== 'cancelled');
          const cancelledCount = page.data.length - page.data.filter((r) => r.status !== 'cancelled').length;
          return (
            <>
              {cancelledCount > 0 ? (
                <CheckboxField
                  name="showCancelled"
                  label={`${t.showCancelled} (${cancelledCount})`}
                  checked={showCancelled}
                  onChange={setShowCancelled}
                />
              ) : null}
              <div className="wd-table">
                <DataTable
                  caption={t.caption}
                  captionHidden
                  columns={columns}
                  rows={rows}
                  rowKey={(r) => r.id}
                  initialSort={{ key: 'status', direction: 'ascending' }}
                  empty={<p>{cancelledCount > 0 ? t.onlyCancelled : t.empty}</p>}
                  rowClassName={(r) => (r.status === 'cancelled' ? 'wd-row-cancelled' : undefined)}
                />
              </div>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function CancelRegistrationDialog({
  registration,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  registration: Registration | null;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const c = de.workshopDetail.cancelRegistration;
  return (
    <Dialog
      open={registration !== null}
      title={c.title}
      role="alertdialog"
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" busy={busy} busyLabel={c.submitting} onClick={onConfirm}>
            {c.submit}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {c.keep}
          </Button>
        </>
      }
    >
      {registration ? (
        <>
          {error ? <Alert tone="error" title={error} focusOnMount /> : null}
          <p>{c.question(nameOf(registration))}</p>
          <p className="muted">
            {registration.status === 'confirmed' ? c.consequenceConfirmed : c.consequenceOther}
          </p>
        </>
      ) : null}
    </Dialog>
  );
}
