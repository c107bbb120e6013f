import type { SessionUser } from '../api/session';
import { de } from '../i18n/de';
import { isOffice, isProgramAdmin } from './roles';

export interface NavItem {
  to:
    | '/'
    | '/werkstaetten'
    | '/bewerbungen'
    | '/kommunen'
    | '/programme'
    | '/benutzer'
    | '/api-schluessel'
    | '/protokoll';
  label: string;
}

/** The main navigation for a role: the program office's work areas; a municipality's home for now. */
export function navigationFor(user: SessionUser): NavItem[] {
  const nav = de.nav;
  if (!isOffice(user)) return [{ to: '/', label: nav.overview }];
  const items: NavItem[] = [
    { to: '/', label: nav.overview },
    { to: '/werkstaetten', label: nav.workshops },
    { to: '/bewerbungen', label: nav.applications },
    { to: '/kommunen', label: nav.municipalities },
    { to: '/programme', label: nav.programs },
  ];
  if (isProgramAdmin(user)) {
    items.push(
      { to: '/benutzer', label: nav.users },
      { to: '/api-schluessel', label: nav.apiKeys },
      { to: '/protokoll', label: nav.audit },
    );
  }
  return items;
}
