import { buildCalendar, workshopEventUid } from '@werkstatt/calendar';

/** A workshop as a calendar entry (written by @werkstatt/calendar, shared with the e-mails). */
export interface CalendarWorkshop {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'cancelled' | 'held';
  startsAt: Date;
  endsAt: Date;
  location: string;
  url: string | null;
  sequence: number;
  updatedAt: Date;
}

export function workshopsCalendar(items: CalendarWorkshop[], opts: { name: string; stamp?: Date }): string {
  return buildCalendar(
    items.map((w) => ({
      // The same UID as in the participants' e-mails (apps/worker), so entries replace each other.
      uid: workshopEventUid(w.id),
      sequence: w.sequence,
      start: w.startsAt,
      end: w.endsAt,
      summary: w.title,
      location: w.location || undefined,
      url: w.url ?? undefined,
      lastModified: w.updatedAt,
      status: w.status === 'cancelled' ? 'CANCELLED' : w.status === 'draft' ? 'TENTATIVE' : 'CONFIRMED',
    })),
    { method: 'PUBLISH', name: opts.name, ...(opts.stamp ? { stamp: opts.stamp } : {}) },
  );
}
