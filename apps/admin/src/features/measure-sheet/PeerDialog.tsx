import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { QueryState } from '../../ui/QueryState';
import { germanDate } from '../programs/program-values';

const t = de.measureSheet.peerDialog;

interface PeerDialogProps {
  municipalityId: string;
  /** The measure to find peers for; null keeps the dialog closed (the props of the list's finder). */
  measure: { id: string; title: string } | null;
  onClose: () => void;
}

/**
 * „Wer macht das auch?“ from the fact sheet: measures of other municipalities with a public strategy,
 * with only the public contact of each municipality.
 */
export function PeerDialog({ municipalityId, measure, onClose }: PeerDialogProps) {
  return (
    <Dialog
      open={measure !== null}
      title={t.title}
      onClose={onClose}
      footer={
        <Button variant="secondary" onClick={onClose}>
          {de.ui.close}
        </Button>
      }
    >
      {measure ? <Peers municipalityId={municipalityId} measureId={measure.id} /> : null}
    </Dialog>
  );
}

function Peers({ municipalityId, measureId }: { municipalityId: string; measureId: string }) {
  const peers = $api.useQuery('get', '/v1/municipalities/{id}/measures/{measureId}/peers', {
    params: { path: { id: municipalityId, measureId }, query: { limit: 20 } },
  });
  return (
    <>
      <p>{t.intro}</p>
      <QueryState
        query={peers}
        loadingLabel={t.loading}
        isEmpty={(list) => list.data.length === 0}
        empty={<p>{t.none}</p>}
      >
        {(list) => (
          <ul className="plain-list peer-list">
            {list.data.map((peer) => {
              const c = peer.municipality;
              return (
                <li key={peer.id} className="peer">
                  <h3>{peer.title}</h3>
                  <p className="muted small">
                    {c.name} · {peer.actionFieldTitle} ·{' '}
                    {peer.matchedBy.map((by) => t.matchedBy[by]).join(', ')}
                  </p>
                  <p className="small">
                    {t.status}: {de.measureSheet.statuses[peer.status]}
                    {peer.endDate ? `, ${de.measureSheet.labels.until(germanDate(peer.endDate))}` : ''}
                  </p>
                  {c.contactName || c.contactEmail || c.contactPhone ? (
                    <dl className="details peer-contact">
                      <dt>{t.contact}</dt>
                      <dd>{c.contactName ?? c.name}</dd>
                      {c.contactEmail ? (
                        <>
                          <dt>{t.email}</dt>
                          <dd>
                            <a href={`mailto:${c.contactEmail}`}>{c.contactEmail}</a>
                          </dd>
                        </>
                      ) : null}
                      {c.contactPhone ? (
                        <>
                          <dt>{t.phone}</dt>
                          <dd>
                            <a href={`tel:${c.contactPhone.replace(/\s/g, '')}`}>{c.contactPhone}</a>
                          </dd>
                        </>
                      ) : null}
                    </dl>
                  ) : (
                    <p className="small">{t.noContact}</p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </>
  );
}
