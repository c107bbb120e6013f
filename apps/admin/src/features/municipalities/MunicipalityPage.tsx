import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { problemMessage } from '../../api/problems';
import { useIsProgramAdmin } from '../../app/useCurrentUser';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { DataTable } from '../../ui/DataTable';
import { conflictOf } from '../../ui/form';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import type { Municipality } from './municipality-values';
import '../../ui/layout.css';

const t = de.municipalities;
const numberFormat = new Intl.NumberFormat('de-DE');

/** `/kommunen/{id}`: what the office knows of a municipality, its workshops; edit and delete. */
export function MunicipalityPage({ municipalityId }: { municipalityId: string }) {
  const query = $api.useQuery('get', '/v1/municipalities/{id}', {
    params: { path: { id: municipalityId } },
  });
  return (
    <QueryState query={query} loadingLabel={t.loading}>
      {(m) => <MunicipalityDetail municipality={m} />}
    </QueryState>
  );
}

function MunicipalityDetail({ municipality: m }: { municipality: Municipality }) {
  const canManage = useIsProgramAdmin() && m.deletedAt === null;
  const [confirming, setConfirming] = useState(false);
  const parent = $api.useQuery(
    'get',
    '/v1/municipalities/{id}',
    { params: { path: { id: m.parentId ?? '' } } },
    { enabled: m.parentId !== null },
  );
  const none = t.detail.none;
  return (
    <>
      <PageHeader
        title={m.name}
        subtitle={`${t.kinds[m.kind]} · ${t.states[m.stateCode]}`}
        back={
          <Link to="/kommunen" className="link">
            {t.backToList}
          </Link>
        }
        actions={
          <>
            {m.deletedAt ? null : (
              <Link
                to="/arbeitsbereich/$municipalityId"
                params={{ municipalityId: m.id }}
                className="button button-secondary"
              >
                {t.openWorkspace}
              </Link>
            )}
            {canManage ? (
              <>
                <Link
                  to="/kommunen/$municipalityId/bearbeiten"
                  params={{ municipalityId: m.id }}
                  className="button button-primary"
                >
                  {t.edit}
                </Link>
                <Button variant="danger" onClick={() => setConfirming(true)}>
                  {t.delete.button}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      {m.deletedAt ? (
        <Alert tone="info" title={t.detail.deleted(formatDate(m.deletedAt))}>
          <p>{t.detail.deletedText}</p>
        </Alert>
      ) : null}
      <div className="panel-columns">
        <section className="panel" aria-labelledby="municipality-details">
          <h2 id="municipality-details">{t.detail.heading}</h2>
          <dl className="details">
            <dt>{t.form.kind}</dt>
            <dd>{t.kinds[m.kind]}</dd>
            <dt>{t.form.state}</dt>
            <dd>{t.states[m.stateCode]}</dd>
            <dt>{t.columns.ars}</dt>
            <dd>{m.ars ?? none}</dd>
            <dt>{t.columns.population}</dt>
            <dd>{m.population === null ? none : numberFormat.format(m.population)}</dd>
            <dt>{t.form.slug}</dt>
            <dd>
              <code>{m.slug}</code>
            </dd>
            {m.parentId ? (
              <>
                <dt>{t.detail.parent}</dt>
                <dd>
                  <Link
                    to="/kommunen/$municipalityId"
                    params={{ municipalityId: m.parentId }}
                    className="link"
                  >
                    {parent.data?.name ?? de.app.loading}
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel" aria-labelledby="municipality-contact">
          <h2 id="municipality-contact">{t.detail.contactHeading}</h2>
          {m.contactName || m.contactEmail || m.contactPhone ? (
            <dl className="details">
              {m.contactName ? (
                <>
                  <dt>{t.form.contactName}</dt>
                  <dd>{m.contactName}</dd>
                </>
              ) : null}
              {m.contactEmail ? (
                <>
                  <dt>{t.form.contactEmail}</dt>
                  <dd>
                    <a className="link" href={`mailto:${m.contactEmail}`}>
                      {m.contactEmail}
                    </a>
                  </dd>
                </>
              ) : null}
              {m.contactPhone ? (
                <>
                  <dt>{t.form.contactPhone}</dt>
                  <dd>
                    <a className="link" href={`tel:${m.contactPhone.replace(/[^+\d]/g, '')}`}>
                      {m.contactPhone}
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted">{t.detail.noContact}</p>
          )}
        </section>
      </div>
      {m.deletedAt ? null : <MunicipalityWorkshops municipalityId={m.id} />}
      {canManage ? (
        <DeleteMunicipality municipality={m} open={confirming} onClose={() => setConfirming(false)} />
      ) : null}
    </>
  );
}

function MunicipalityWorkshops({ municipalityId }: { municipalityId: string }) {
  const workshops = $api.useQuery('get', '/v1/workshops', {
    params: { query: { municipalityId, limit: 50 } },
  });
  const d = t.detail;
  return (
    <section aria-labelledby="municipality-workshops">
      <h2 id="municipality-workshops">{d.workshopsHeading}</h2>
      <QueryState
        query={workshops}
        isEmpty={(page) => page.data.length === 0}
        empty={<p>{d.workshopsEmpty}</p>}
      >
        {(page) => (
          <DataTable
            caption={d.workshopsCaption}
            captionHidden
            rows={page.data}
            rowKey={(w) => w.id}
            initialSort={{ key: 'date', direction: 'descending' }}
            columns={[
              {
                key: 'date',
                header: d.workshopDate,
                sortValue: (w) => w.startsAt,
                cell: (w) => <span className="nowrap">{formatDate(w.startsAt)}</span>,
              },
              { key: 'title', header: d.workshopTitle, rowHeader: true, cell: (w) => w.title },
              { key: 'status', header: d.workshopStatus, cell: (w) => d.workshopStatuses[w.status] },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}

function DeleteMunicipality({
  municipality: m,
  open,
  onClose,
}: {
  municipality: Municipality;
  open: boolean;
  onClose: () => void;
}) {
  const path = `/v1/municipalities/${m.id}`;
  const remove = $api.useMutation('delete', '/v1/municipalities/{id}');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const d = t.delete;

  const confirm = async () => {
    const tag = etagFor(path);
    try {
      await remove.mutateAsync({
        params: { path: { id: m.id }, header: tag ? { 'if-match': tag } : {} },
      });
      // Every cached list refetched before the list shows (inactive ones too): otherwise it would
      // first show the deleted municipality from its cache.
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities'], refetchType: 'all' });
      toast('success', d.done(m.name));
      await navigate({ to: '/kommunen' });
    } catch (err) {
      if (conflictOf(err)) {
        onClose();
        setConflict(true);
      } else setError(problemMessage(err));
    }
  };

  return (
    <>
      <ConfirmDialog
        open={open}
        title={d.title(m.name)}
        confirmLabel={d.confirm}
        busy={remove.isPending}
        busyLabel={d.deleting}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => {
          setError(null);
          onClose();
        }}
      >
        <p>{d.intro}</p>
        <ul>
          {d.consequences.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>{d.undo}</p>
      </ConfirmDialog>
      <ConflictDialog
        open={conflict}
        onReload={() => {
          setConflict(false);
          void queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}'] });
        }}
        onClose={() => setConflict(false)}
      />
    </>
  );
}
