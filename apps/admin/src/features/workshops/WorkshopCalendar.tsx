import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Schema } from '@werkstatt/api-client';
import { fetchClient } from '../../api/client';
import { de } from '../../i18n/de';
import { formatTime } from '../../i18n/format';
import { QueryState } from '../../ui/QueryState';
import { berlinToday } from './berlin-time';
import { monthRange, monthWeeks, shiftMonth, workshopsByDay } from './calendar';
import type { WorkshopsSearch } from './search';

type Workshop = Schema<'Workshop'>;

const monthFormat = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('de-DE', {
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
/** "Februar 2027" */
export const monthName = (month: string): string => monthFormat.format(new Date(`${month}-01T12:00:00Z`));
/** "Mittwoch, 10.02.2027" for a Berlin date. */
const dayName = (date: string): string => dayFormat.format(new Date(`${date}T12:00:00Z`));

/** Every workshop of the month (all pages; a month holds a handful), with the page's other filters. */
function useMonth(month: string, search: WorkshopsSearch) {
  const query = {
    ...monthRange(month),
    limit: 200,
    ...(search.programm ? { programId: search.programm } : {}),
    ...(search.kommune ? { municipalityId: search.kommune } : {}),
    ...(search.status ? { status: search.status } : {}),
  };
  return useQuery({
    queryKey: ['get', '/v1/workshops', { params: { query }, allPages: true }],
    queryFn: async ({ signal }) => {
      const rows: Workshop[] = [];
      let cursor: string | undefined;
      do {
        const { data, error } = await fetchClient.GET('/v1/workshops', {
          params: { query: { ...query, ...(cursor ? { cursor } : {}) } },
          signal,
        });
        if (error || !data) throw error;
        rows.push(...data.data);
        cursor = data.nextCursor ?? undefined;
      } while (cursor);
      return rows;
    },
  });
}

/** One workshop on one of its days: its start time there, and which day it is of several. */
function Entry({ workshop, date }: { workshop: Workshop; date: string }) {
  const index = workshop.days.findIndex((d) => d.startsAtLocal.startsWith(date));
  const day = workshop.days[index];
  return (
    <Link
      to="/werkstaetten/$workshopId"
      params={{ workshopId: workshop.id }}
      className={`calendar-entry status-${workshop.status}`}
    >
      {day ? <span className="calendar-time">{formatTime(day.startsAt)}</span> : null} {workshop.title}
      {workshop.days.length > 1 ? (
        <span className="calendar-day-of">
          {' '}
          ({de.workshops.calendar.dayOf(index + 1, workshop.days.length)})
        </span>
      ) : null}
      {workshop.status === 'cancelled' || workshop.status === 'draft' ? (
        <span className="calendar-day-of"> – {de.workshops.statuses[workshop.status]}</span>
      ) : null}
    </Link>
  );
}

interface WorkshopCalendarProps {
  search: WorkshopsSearch;
}

/**
 * A month as a table (weeks in rows, Monday first) on wide screens; on a phone the same month as a list
 * of the days that have workshops, which stays readable at 390 px.
 */
export function WorkshopCalendar({ search }: WorkshopCalendarProps) {
  const today = berlinToday();
  const month = search.monat ?? today.slice(0, 7);
  const workshops = useMonth(month, search);
  const c = de.workshops.calendar;
  const title = monthName(month);

  return (
    <section className="calendar" aria-labelledby="calendar-title">
      <div className="calendar-head">
        <h2 id="calendar-title" aria-live="polite">
          {title}
        </h2>
        <nav className="calendar-nav" aria-label={de.workshops.viewCalendar}>
          <Link
            from="/werkstaetten"
            to="/werkstaetten"
            search={(prev) => ({ ...prev, monat: shiftMonth(month, -1) })}
            className="button button-secondary"
            activeOptions={{ exact: true }}
          >
            <span aria-hidden="true">‹ </span>
            {c.previous}
          </Link>
          <Link
            from="/werkstaetten"
            to="/werkstaetten"
            search={(prev) => ({ ...prev, monat: undefined })}
            className="button button-secondary"
            activeOptions={{ exact: true }}
          >
            {c.today}
          </Link>
          <Link
            from="/werkstaetten"
            to="/werkstaetten"
            search={(prev) => ({ ...prev, monat: shiftMonth(month, 1) })}
            className="button button-secondary"
            activeOptions={{ exact: true }}
          >
            {c.next}
            <span aria-hidden="true"> ›</span>
          </Link>
        </nav>
      </div>
      <QueryState query={workshops} loadingLabel={de.workshops.loading}>
        {(rows) => {
          const byDay = workshopsByDay(rows);
          const daysWithWorkshops = [...byDay.keys()].filter((d) => d.startsWith(month)).sort();
          return (
            <>
              <div className="calendar-grid-wrap">
                <table className="calendar-grid">
                  <caption className="visually-hidden">{title}</caption>
                  <thead>
                    <tr>
                      {c.weekdays.map((name, i) => (
                        <th key={name} scope="col">
                          <abbr title={name}>{c.weekdaysShort[i]}</abbr>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {monthWeeks(month).map((week) => (
                      <tr key={week[0]?.date}>
                        {week.map((day) => {
                          const entries = day.inMonth ? (byDay.get(day.date) ?? []) : [];
                          const isToday = day.date === today;
                          return (
                            <td
                              key={day.date}
                              className={`calendar-cell${day.inMonth ? '' : ' calendar-outside'}${isToday ? ' calendar-today' : ''}`}
                              aria-current={isToday ? 'date' : undefined}
                            >
                              <span className="calendar-date">
                                <span className="visually-hidden">{dayName(day.date)}</span>
                                <span aria-hidden="true">{day.day}</span>
                                {isToday ? <span className="calendar-today-mark">{c.todayMark}</span> : null}
                              </span>
                              {entries.length > 0 ? (
                                <ul className="plain-list calendar-entries">
                                  {entries.map((w) => (
                                    <li key={w.id}>
                                      <Entry workshop={w} date={day.date} />
                                    </li>
                                  ))}
                                </ul>
                              ) : null}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="calendar-agenda">
                {daysWithWorkshops.length === 0 ? (
                  <p className="empty">{c.none}</p>
                ) : (
                  <ul className="plain-list">
                    {daysWithWorkshops.map((date) => (
                      <li key={date} className={`agenda-day${date === today ? ' calendar-today' : ''}`}>
                        <h3 aria-current={date === today ? 'date' : undefined}>
                          {dayName(date)}
                          {date === today ? <span className="calendar-today-mark">{c.todayMark}</span> : null}
                        </h3>
                        <ul className="plain-list calendar-entries">
                          {(byDay.get(date) ?? []).map((w) => (
                            <li key={w.id}>
                              <Entry workshop={w} date={date} />
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {daysWithWorkshops.length === 0 ? <p className="muted calendar-none-wide">{c.none}</p> : null}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
