import type { SessionUser } from '../api/session';
import { de } from '../i18n/de';
import { isOffice, isProgramAdmin } from './roles';
import { type WorkspacePath, workspaceSections } from './workspace-sections';

export type NavItem = OfficeNavItem | WorkspaceNavItem;

interface WorkspaceNavItem {
  to: WorkspacePath;
  params: { municipalityId: string };
  label: string;
  exact: boolean;
}

interface OfficeNavItem {
  params?: undefined;
  exact?: undefined;
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

/** The main navigation for a role: the program office's work areas, or the user's own workspace. */
export function navigationFor(user: SessionUser): NavItem[] {
  const nav = de.nav;
  if (!isOffice(user)) {
    const params = { municipalityId: user.municipalityId ?? '' };
    return workspaceSections.map((section) => ({ ...section, params }));
  }
  const items: OfficeNavItem[] = [
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
