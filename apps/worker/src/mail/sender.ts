import type { programs } from '@werkstatt/db';

/**
 * Who a mail comes from and whom the reader can answer: the program office's contact of the
 * program the mail is about. It signs nothing personally; it is the Reply-To and stands in the footer.
 */
export interface ProgramContact {
  name: string;
  email: string;
  phone: string | null;
  organisation: string | null;
}

type ContactColumns = Pick<
  typeof programs.$inferSelect,
  'contactName' | 'contactEmail' | 'contactPhone' | 'contactOrganisation'
>;

export function programContactOf(p: ContactColumns | null | undefined): ProgramContact | null {
  if (!p?.contactName || !p.contactEmail) return null;
  return {
    name: p.contactName,
    email: p.contactEmail,
    phone: p.contactPhone,
    organisation: p.contactOrganisation,
  };
}

/** "Mit freundlichen Grüßen / Ihr Team der Digital-Werkstatt" (the program name is feminine: die Werkstatt). */
export const signOff = (appName: string): string[] => ['Mit freundlichen Grüßen', `Ihr Team der ${appName}`];

const NO_REPLY = 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht auf diese Nachricht.';

/** The footer: the contact to turn to (answering the mail reaches them), or a no-reply note without one. */
export function contactFooter(contact: ProgramContact | null): string {
  if (!contact) return NO_REPLY;
  return [
    'Fragen? Antworten Sie einfach auf diese E-Mail oder wenden Sie sich an:',
    [contact.name, contact.organisation].filter(Boolean).join(', '),
    [contact.phone ? `Telefon ${contact.phone}` : null, `E-Mail ${contact.email}`]
      .filter(Boolean)
      .join(' · '),
  ].join('\n');
}

export const replyToOf = (contact: ProgramContact | null) =>
  contact ? { replyTo: { name: contact.organisation ?? contact.name, address: contact.email } } : {};
