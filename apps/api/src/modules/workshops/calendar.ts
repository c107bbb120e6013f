import { buildCalendar, type EventStatus, type WorkshopEntry, workshopEvents } from '@werkstatt/calendar';

/** A workshop as calendar entries (written by @werkstatt/calendar, shared with the e-mails). */
export interface CalendarWorkshop extends WorkshopEntry {
  status: 'draft' | 'published' | 'cancelled' | 'held';
  sequence: number;
}

const statusOf = (w: CalendarWorkshop): EventStatus =>
  w.status === 'cancelled' ? 'CANCELLED' : w.status === 'draft' ? 'TENTATIVE' : 'CONFIRMED';

export function workshopsCalendar(items: CalendarWorkshop[], opts: { name: string; stamp?: Date }): string {
  return buildCalendar(
    // The same UIDs and SUMMARY as in the participants' e-mails (apps/worker), so entries replace
    // each other; one event per day.
    items.flatMap((w) => workshopEvents(w, { status: statusOf(w), sequence: w.sequence })),
    { method: 'PUBLISH', name: opts.name, ...(opts.stamp ? { stamp: opts.stamp } : {}) },
  );
}
