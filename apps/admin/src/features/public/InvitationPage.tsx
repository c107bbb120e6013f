import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { PublicPage } from '../../ui/PublicPage';
import { LinkProblem } from './LinkProblem';
import { RegistrationForm } from './RegistrationForm';
import { WorkshopDetails } from './WorkshopDetails';

const closedReason: Record<Exclude<Schema<'PublicWorkshop'>['registration'], 'open'>, string> = {
  not_open: de.invitation.notOpen,
  closed: de.invitation.closed,
  cancelled: de.invitation.cancelled,
  held: de.invitation.held,
};

/** `APP_URL/einladung/{token}`: the workshop an invitation is for, and the registration form. */
export function InvitationPage({ token }: { token: string }) {
  const invitation = $api.useQuery('get', '/v1/public/invitations/{token}', { params: { path: { token } } });
  const [pending, setPending] = useState<Schema<'PendingRegistration'> | null>(null);

  if (invitation.isPending) {
    return (
      <PublicPage title={de.invitation.title}>
        <p role="status">{de.app.loading}</p>
      </PublicPage>
    );
  }
  if (invitation.isError) {
    return (
      <PublicPage title={de.invitation.title}>
        <LinkProblem error={invitation.error} onRetry={() => invitation.refetch()} />
      </PublicPage>
    );
  }
  const workshop = invitation.data;
  return (
    <PublicPage title={workshop.title}>
      {pending ? (
        <Alert tone="success" title={de.invitation.pendingTitle} focusOnMount>
          <p>{de.invitation.pendingText(pending.confirmWithinHours)}</p>
        </Alert>
      ) : (
        <p className="lead">{de.invitation.intro}</p>
      )}
      <WorkshopDetails workshop={workshop} heading={de.workshop.detailsHeading} showDeadline={!pending} />
      {pending ? null : workshop.registration === 'open' ? (
        <>
          {workshop.seats === 'waitlist' ? <Alert tone="info" title={de.workshop.seatsWaitlist} /> : null}
          <RegistrationForm token={token} onRegistered={setPending} />
        </>
      ) : (
        <Alert tone="info" title={closedReason[workshop.registration]} />
      )}
    </PublicPage>
  );
}
