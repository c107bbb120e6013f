import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { formatPreferredDate } from '../applications/format';
import { useWorkspace } from '../workspace/useWorkspace';
import { ApplyDialog } from './ApplyDialog';

type Application = Schema<'WorkshopApplication'>;
const t = de.municipalityWorkshops;

const tones = { pending: 'info', accepted: 'success', declined: 'danger', withdrawn: 'neutral' } as const;

/**
 * The municipality's applications for a workshop of its own, newest first. Applying and withdrawing
 * is for its own administration (the API's rule: not even the program office applies for it); the
 * rest read them.
 */
export function Applications() {
  const { municipalityId, canAdminister, officeView } = useWorkspace();
  const canApply = canAdminister && !officeView;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [applying, setApplying] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Application | null>(null);
  const withdraw = $api.useMutation('post', '/v1/workshop-applications/{id}/withdraw');
  const list = $api.useQuery('get', '/v1/workshop-applications', {
    params: { query: { municipalityId, sort: '-createdAt', limit: 50 } },
  });
  const programs = $api.useQuery('get', '/v1/programs', { params: { query: { limit: 100 } } });
  const programName = (id: string) => programs.data?.data.find((p) => p.id === id)?.name ?? '…';
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshop-applications'] });

  const confirmWithdraw = async () => {
    if (!withdrawing) return;
    try {
      await withdraw.mutateAsync({ params: { path: { id: withdrawing.id } } });
      toast('success', t.withdrawn);
      setWithdrawing(null);
      withdraw.reset();
      void refresh();
    } catch {
      // The dialog shows the error.
    }
  };

  const withdrawError = withdraw.isError
    ? isProblem(withdraw.error) && withdraw.error.code === 'application_not_pending'
      ? t.notPending
      : problemMessage(withdraw.error)
    : null;

  return (
    <section className="card mw-section" aria-labelledby="mw-applications">
      <div className="section-head">
        <h2 id="mw-applications">{t.applications}</h2>
        {canApply ? <Button onClick={() => setApplying(true)}>{t.apply}</Button> : null}
      </div>
      <p>{t.applicationsIntro}</p>
      {canApply ? null : <p className="small mw-note">{officeView ? t.applyOffice : t.applyNotAllowed}</p>}
      <QueryState
        query={list}
        loadingLabel={t.applicationsLoading}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{t.applicationsEmpty}</p>}
      >
        {(page) => (
          <ul className="plain-list mw-list">
            {page.data.map((a) => {
              const title = t.applicationTitle(formatDate(a.createdAt));
              return (
                <li key={a.id} className="mw-card">
                  <div className="mw-card-head">
                    <h3>{title}</h3>
                    <Badge tone={tones[a.status]}>{t.applicationStatus[a.status]}</Badge>
                  </div>
                  <dl className="details">
                    <dt>{t.program}</dt>
                    <dd>{programName(a.programId)}</dd>
                    <dt>{t.preferredDates}</dt>
                    <dd>
                      <ul className="plain-list">
                        {a.preferredDates.map((d) => (
                          <li key={d.date}>{formatPreferredDate(d)}</li>
                        ))}
                      </ul>
                    </dd>
                    <dt>{t.participants}</dt>
                    <dd>{a.expectedParticipants}</dd>
                    <dt>{t.contact}</dt>
                    <dd>
                      {a.contact.name}, {a.contact.email}
                      {a.contact.phone ? `, ${a.contact.phone}` : null}
                    </dd>
                    {a.note ? (
                      <>
                        <dt>{t.note}</dt>
                        <dd className="pre-line">{a.note}</dd>
                      </>
                    ) : null}
                    {a.status === 'declined' && a.declineReason ? (
                      <>
                        <dt>{t.declineReason}</dt>
                        <dd className="pre-line">{a.declineReason}</dd>
                      </>
                    ) : null}
                  </dl>
                  {a.status === 'accepted' && a.workshopId ? <p className="small">{t.scheduled}</p> : null}
                  {canApply && a.status === 'pending' ? (
                    <p className="mw-actions">
                      <Button
                        variant="secondary"
                        aria-label={t.withdrawFor(formatDate(a.createdAt))}
                        onClick={() => setWithdrawing(a)}
                      >
                        {t.withdraw}
                      </Button>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
      <ApplyDialog
        open={applying}
        onClose={() => setApplying(false)}
        onApplied={() => {
          setApplying(false);
          toast('success', t.applied);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={withdrawing !== null}
        title={t.withdrawTitle}
        confirmLabel={t.withdrawConfirm}
        tone="danger"
        busy={withdraw.isPending}
        error={withdrawError}
        onConfirm={confirmWithdraw}
        onClose={() => {
          setWithdrawing(null);
          withdraw.reset();
        }}
      >
        <p>{t.withdrawText}</p>
      </ConfirmDialog>
    </section>
  );
}
