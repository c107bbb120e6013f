import { de } from '../../i18n/de';
import type { Role } from './roles';

/** The list's filters as they stand in the address, so a filtered list can be bookmarked and shared. */
export interface UsersSearch {
  rolle?: Role;
  kommune?: string;
  status?: 'aktiv' | 'gesperrt';
  suche?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateUsersSearch(search: Record<string, unknown>): UsersSearch {
  const out: UsersSearch = {};
  if (typeof search.rolle === 'string' && Object.hasOwn(de.roles, search.rolle))
    out.rolle = search.rolle as Role;
  if (typeof search.kommune === 'string' && UUID.test(search.kommune)) out.kommune = search.kommune;
  if (search.status === 'aktiv' || search.status === 'gesperrt') out.status = search.status;
  if (typeof search.suche === 'string' && search.suche.trim()) out.suche = search.suche.trim().slice(0, 200);
  return out;
}
