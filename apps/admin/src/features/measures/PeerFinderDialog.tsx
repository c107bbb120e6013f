import type { Schema } from '@werkstatt/api-client';
import { $api } from '../../api/client';
import { germanDay } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { QueryState } from '../../ui/QueryState';
import { MeasureStatusBadge } from './status';
import './measures.css';

type PeerMeasure = Schema<'PeerMeasure'>;

/** How many of the best matches the finder asks for. */
const PEER_LIMIT = 20;
/** Long descriptions are cut to a teaser; the contact person tells the rest. */
const TEASER = 280;

interface PeerFinderDialogProps {
  municipalityId: string;
  /** The measure to find peers for; null keeps the dialog closed. */
  measure: { id: string; title: string } | null;
  onClose: () => void;
}

/**
 * „Wer macht das auch?“: measures of other municipalities with a public strategy that resemble this
 * one (same action field or similar text), with the public contact of each municipality only.
 */
export function PeerFinderDialog({ municipalityId, measure, onClose }: PeerFinderDialogProps) {
  return (
    <Dialog
      open={measure !== null}
      title={de.measures.peersTitle}
      onClose={onClose}
      footer={
        <Button variant="secondary" onClick={onClose}>
          {de.ui.close}
        </Button>
      }
    >
      {measure ? <PeerResults municipalityId={municipalityId} measure={measure} /> : null}
    </Dialog>
  );
}

function PeerResults({
  municipalityId,
  measure,
}: {
  municipalityId: string;
  measure: { id: string; title: string };
}) {
  const peers = $api.useQuery('get', '/v1/municipalities/{id}/measures/{measureId}/peers', {
    params: { path: { id: municipalityId, measureId: measure.id }, query: { limit: PEER_LIMIT } },
  });
  return (
    <>
      <p>{de.measures.peersIntro(measure.title)}</p>
      <QueryState
        query={peers}
        loadingLabel={de.measures.peersLoading}
        isEmpty={(list) => list.data.length === 0}
        empty={<p>{de.measures.peersEmpty}</p>}
      >
        {(list) => (
          <>
            <p className="list-status" role="status">
              {de.measures.peersCount(list.data.length)}
            </p>
            <ul className="plain-list peer-list" aria-label={de.measures.peersList}>
              {list.data.map((peer) => (
                <li key={peer.id}>
                  <PeerCard peer={peer} />
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </>
  );
}

const teaser = (text: string): string =>
  text.length > TEASER ? `${text.slice(0, TEASER).replace(/\s+\S*$/, '')} …` : text;

function period(peer: PeerMeasure): string | null {
  if (!peer.startDate && !peer.endDate) return null;
  const from = peer.startDate ? germanDay(peer.startDate) : de.measures.noDate;
  const to = peer.endDate ? germanDay(peer.endDate) : de.measures.noDate;
  return `${from} – ${to}`;
}

function PeerCard({ peer }: { peer: PeerMeasure }) {
  const { municipality } = peer;
  const when = period(peer);
  const funding = [peer.fundingSource, peer.grantProgram].filter(Boolean).join(', ');
  const matched = peer.matchedBy
    .map((m) => (m === 'actionField' ? de.measures.matchedByField : de.measures.matchedByText))
    .join(', ');
  const contactName = municipality.contactName ?? municipality.name;
  const hasContact = municipality.contactEmail || municipality.contactPhone || municipality.contactName;
  return (
    <article className="peer-card">
      <h3>{peer.title}</h3>
      <p className="peer-municipality">{municipality.name}</p>
      {peer.description ? <p className="peer-description">{teaser(peer.description)}</p> : null}
      <dl className="details peer-facts">
        <dt>{de.measures.peerField}</dt>
        <dd>{peer.actionFieldTitle}</dd>
        <dt>{de.measures.peerStatus}</dt>
        <dd>
          <MeasureStatusBadge status={peer.status} /> {de.measures.progress(peer.progress)}
        </dd>
        {when ? (
          <>
            <dt>{de.measures.peerPeriod}</dt>
            <dd>{when}</dd>
          </>
        ) : null}
        {funding ? (
          <>
            <dt>{de.measures.peerFunding}</dt>
            <dd>{funding}</dd>
          </>
        ) : null}
        <dt>{de.measures.matchedBy}</dt>
        <dd>{matched}</dd>
        <dt>{de.measures.contact}</dt>
        <dd>
          {hasContact ? (
            <ul className="plain-list peer-contact">
              {municipality.contactName ? <li>{municipality.contactName}</li> : null}
              {municipality.contactEmail ? (
                <li>
                  <a
                    href={`mailto:${municipality.contactEmail}`}
                    aria-label={`${de.measures.mailTo(contactName)}: ${municipality.contactEmail}`}
                  >
                    {municipality.contactEmail}
                  </a>
                </li>
              ) : null}
              {municipality.contactPhone ? (
                <li>
                  <a
                    href={`tel:${municipality.contactPhone.replace(/[^\d+]/g, '')}`}
                    aria-label={`${de.measures.callTo(contactName)}: ${municipality.contactPhone}`}
                  >
                    {municipality.contactPhone}
                  </a>
                </li>
              ) : null}
            </ul>
          ) : (
            de.measures.noContact
          )}
        </dd>
      </dl>
    </article>
  );
}
