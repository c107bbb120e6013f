import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { WorkshopDetails } from './WorkshopDetails';

/** Where a personal link left the registration, with the workshop it belongs to. */
export function PersonalLinkResult({ result }: { result: Schema<'PublicRegistrationStatus'> }) {
  const { title, text } = outcome(result);
  return (
    <>
      <Alert tone={result.status === 'waitlisted' ? 'info' : 'success'} title={title} focusOnMount>
        <p>{text}</p>
      </Alert>
      <WorkshopDetails workshop={result.workshop} heading={result.workshop.title} />
    </>
  );
}

function outcome(result: Schema<'PublicRegistrationStatus'>): { title: string; text: string } {
  switch (result.status) {
    case 'confirmed':
      return { title: de.confirm.confirmedTitle, text: de.confirm.confirmedText };
    case 'waitlisted':
      return { title: de.confirm.waitlistedTitle, text: de.confirm.waitlistedText(result.waitlistPosition) };
    case 'attended':
      return { title: de.confirm.attendedTitle, text: de.confirm.attendedText };
    case 'cancelled':
      return { title: de.cancel.doneTitle, text: de.cancel.doneText };
  }
}
