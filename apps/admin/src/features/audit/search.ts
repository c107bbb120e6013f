import { berlinDayStart } from '../../i18n/berlin';

/** The log's filters as they stand in the address (German names, days as `2026-11-21`). */
export interface AuditSearch {
  aktion?: string;
  bereich?: string;
  kommune?: string;
  person?: string;
  von?: string;
  bis?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// The API's own patterns for these two filters.
const ACTION = /^[a-z][a-z0-9_.]{0,99}$/;
const ENTITY = /^[a-z][a-z0-9_]{0,49}$/;

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const take = (key: keyof AuditSearch, pattern: RegExp) => {
    const value = search[key];
    if (typeof value === 'string' && pattern.test(value)) out[key] = value;
  };
  take('aktion', ACTION);
  take('bereich', ENTITY);
  take('kommune', UUID);
  take('person', UUID);
  take('von', DAY);
  take('bis', DAY);
  return out;
}

/** The API's query for the filters: a day range covers whole Berlin days, "bis" included. */
export function auditQuery(search: AuditSearch) {
  return {
    ...(search.aktion ? { action: search.aktion } : {}),
    ...(search.bereich ? { entityType: search.bereich } : {}),
    ...(search.kommune ? { municipalityId: search.kommune } : {}),
    ...(search.person ? { actorId: search.person } : {}),
    ...(search.von ? { occurredFrom: berlinDayStart(search.von) } : {}),
    ...(search.bis ? { occurredTo: berlinDayStart(search.bis, 1) } : {}),
  };
}
