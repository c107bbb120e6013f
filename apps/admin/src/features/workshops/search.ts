import type { Schema } from '@werkstatt/api-client';
import { isMonth } from './calendar';

type Status = Schema<'WorkshopStatus'>;
const statuses: readonly Status[] = ['draft', 'published', 'cancelled', 'held'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The list's state in the address bar, with German names, so a filtered view can be bookmarked. */
export interface WorkshopsSearch {
  ansicht?: 'kalender';
  /** Calendar: the month shown, "2027-02"; default the current month. */
  monat?: string;
  programm?: string;
  kommune?: string;
  status?: Status;
  /** List: Berlin dates "2027-02-01"; without `von` the list starts today. */
  von?: string;
  bis?: string;
  reihenfolge?: 'spaeteste';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Keeps what is valid and drops the rest, so a mistyped link still opens the list. */
export function validateWorkshopsSearch(search: Record<string, unknown>): WorkshopsSearch {
  const result: WorkshopsSearch = {};
  if (search.ansicht === 'kalender') result.ansicht = 'kalender';
  const monat = text(search.monat);
  if (monat && isMonth(monat)) result.monat = monat;
  const programm = text(search.programm);
  if (programm && uuid.test(programm)) result.programm = programm;
  const kommune = text(search.kommune);
  if (kommune && uuid.test(kommune)) result.kommune = kommune;
  const status = text(search.status);
  if (status && (statuses as readonly string[]).includes(status)) result.status = status as Status;
  const von = text(search.von);
  if (von && isoDate.test(von)) result.von = von;
  const bis = text(search.bis);
  if (bis && isoDate.test(bis)) result.bis = bis;
  if (search.reihenfolge === 'spaeteste') result.reihenfolge = 'spaeteste';
  return result;
}

export { statuses as workshopStatuses };
