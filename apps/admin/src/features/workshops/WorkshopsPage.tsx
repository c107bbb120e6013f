import { Link, useNavigate } from '@tanstack/react-router';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import type { WorkshopsSearch } from './search';
import { WorkshopCalendar } from './WorkshopCalendar';
import { WorkshopFilters } from './WorkshopFilters';
import { WorkshopList } from './WorkshopList';
import './workshops.css';

/** `/werkstaetten`: the program office's workshops as a list or a month calendar, filtered via the URL. */
export function WorkshopsPage({ search }: { search: WorkshopsSearch }) {
  const navigate = useNavigate({ from: '/werkstaetten' });
  const calendar = search.ansicht === 'kalender';
  return (
    <>
      <PageHeader
        title={de.workshops.title}
        subtitle={de.workshops.intro}
        actions={
          <Link to="/werkstaetten/neu" className="button button-primary">
            {de.workshops.create}
          </Link>
        }
      />
      <nav className="view-switch" aria-label={de.workshops.viewLabel}>
        <Link
          from="/werkstaetten"
          to="/werkstaetten"
          search={({ ansicht: _view, monat: _month, ...rest }) => rest}
          className="view-switch-link"
          activeOptions={{ exact: true }}
        >
          {de.workshops.viewList}
        </Link>
        <Link
          from="/werkstaetten"
          to="/werkstaetten"
          search={(prev) => ({ ...prev, ansicht: 'kalender' as const })}
          className="view-switch-link"
          activeOptions={{ exact: true }}
        >
          {de.workshops.viewCalendar}
        </Link>
      </nav>
      <WorkshopFilters
        key={JSON.stringify(search)}
        search={search}
        showRange={!calendar}
        onApply={(filters) =>
          navigate({
            search: { ...(calendar ? { ansicht: 'kalender', monat: search.monat } : {}), ...filters },
          })
        }
      />
      {calendar ? <WorkshopCalendar search={search} /> : <WorkshopList search={search} />}
    </>
  );
}
