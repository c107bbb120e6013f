import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { PageHeader } from '../../ui/PageHeader';
import { useWorkspace } from '../workspace/useWorkspace';
import './municipality-admin.css';

const t = de.municipalityAdmin;

/**
 * The administration's heading and its two parts as tabs. Only the municipality's administration (and
 * a program administrator) may read users, keys and the feed's state; everyone else gets one sentence
 * saying who can, and none of the parts.
 */
export function AdminFrame({ children }: { children: ReactNode }) {
  const { municipality, municipalityId, canAdminister, officeView } = useWorkspace();
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle(municipality.name)} />
      {canAdminister ? (
        <>
          <nav className="admin-tabs" aria-label={t.sections}>
            <ul>
              <li>
                <Link
                  to="/arbeitsbereich/$municipalityId/verwaltung"
                  params={{ municipalityId }}
                  activeOptions={{ exact: true }}
                  activeProps={{ 'aria-current': 'page', className: 'is-active' }}
                >
                  {t.tabs.access}
                </Link>
              </li>
              <li>
                <Link
                  to="/arbeitsbereich/$municipalityId/verwaltung/kalender"
                  params={{ municipalityId }}
                  activeProps={{ 'aria-current': 'page', className: 'is-active' }}
                >
                  {t.tabs.calendar}
                </Link>
              </li>
            </ul>
          </nav>
          {children}
        </>
      ) : (
        <Alert tone="info" title={t.noAccessTitle}>
          <p>{officeView ? t.noAccessOffice : t.noAccess}</p>
        </Alert>
      )}
    </>
  );
}
