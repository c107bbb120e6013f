import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { useToast } from '../../ui/Toast';
import { useWorkspace } from '../workspace/useWorkspace';
import { SubscribeInstructions } from './SubscribeInstructions';

const t = de.municipalityAdmin.calendar;

/**
 * Whether the municipality has a feed, and since when. The API keeps only the secret's hash and its
 * municipality answer says nothing about the feed, so the audit trail (which the municipality's admin
 * may read) tells: the newest creation or rotation. Unknown on any failure: the page still works.
 */
function useLastRotation(municipalityId: string) {
  return $api.useQuery('get', '/v1/audit-events', {
    params: { query: { entityType: 'calendar_feed', entityId: municipalityId, limit: 1 } },
  });
}

/**
 * The calendar-feed link: created or renewed here, shown once with a copy button, and how to
 * subscribe to it in Outlook, on an iPhone and in Google Calendar. Renewing asks first, as every
 * existing subscription stops at once.
 */
export function CalendarFeed() {
  const { municipalityId } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const last = useLastRotation(municipalityId);
  const rotate = $api.useMutation('post', '/v1/municipalities/{id}/calendar-feed');
  const [feed, setFeed] = useState<Schema<'CalendarFeed'> | null>(null);
  const [confirming, setConfirming] = useState(false);
  const lastEvent = last.data?.data[0];
  // A feed made in this visit counts too, whether or not the trail was readable.
  const exists = feed !== null || lastEvent !== undefined;

  const run = async () => {
    try {
      const next = await rotate.mutateAsync({ params: { path: { id: municipalityId } } });
      toast('success', exists ? t.renewed : t.created);
      setFeed(next);
      setConfirming(false);
      rotate.reset();
      void queryClient.invalidateQueries({ queryKey: ['get', '/v1/audit-events'] });
    } catch {
      // Shown in the dialog, or below the button for a first link.
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t.heading}</h2>
      <p>{t.intro}</p>
      <div className="secret-warning calendar-warning" role="note" aria-labelledby="calendar-warning">
        <p className="secret-warning-title" id="calendar-warning">
          {t.warningTitle}
        </p>
        <p>{t.warning}</p>
      </div>

      {feed ? (
        <div className="calendar-link">
          <h3>{t.linkHeading}</h3>
          <p className="small">
            <strong>{t.onlyNowTitle}: </strong>
            {t.onlyNow}
          </p>
          <label className="field-label" htmlFor="calendar-feed-url">
            {t.linkLabel}
          </label>
          <input
            id="calendar-feed-url"
            className="input calendar-url"
            readOnly
            value={feed.url}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <div className="calendar-actions">
            <CopyButton text={feed.url} label={t.copy} />
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              {t.renew}
            </Button>
          </div>
        </div>
      ) : (
        <div className="calendar-state">
          {last.isPending ? (
            <p role="status">{t.loading}</p>
          ) : lastEvent ? (
            <>
              <p>{t.exists(formatDateTime(lastEvent.occurredAt))}</p>
              <p className="small">{t.hidden}</p>
            </>
          ) : (
            <p>{last.isError ? t.unknown : t.none}</p>
          )}
          {exists || last.isError ? (
            <Button onClick={() => setConfirming(true)}>{t.renew}</Button>
          ) : (
            <Button onClick={run} busy={rotate.isPending} busyLabel={t.creating}>
              {t.create}
            </Button>
          )}
          {rotate.isError && !confirming ? (
            <Alert tone="error" title={problemMessage(rotate.error)} focusOnMount />
          ) : null}
        </div>
      )}

      <SubscribeInstructions />

      <ConfirmDialog
        open={confirming}
        title={t.renewTitle}
        confirmLabel={t.renewConfirm}
        busyLabel={t.renewing}
        tone="danger"
        busy={rotate.isPending}
        error={rotate.isError ? problemMessage(rotate.error) : null}
        onConfirm={run}
        onClose={() => {
          setConfirming(false);
          rotate.reset();
        }}
      >
        <p>{t.renewText}</p>
      </ConfirmDialog>
    </section>
  );
}
