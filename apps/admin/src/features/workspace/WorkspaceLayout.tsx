import { Link, Outlet } from '@tanstack/react-router';
import { useMemo, useSyncExternalStore } from 'react';
import { $api } from '../../api/client';
import { session } from '../../api/session';
import { workspaceAccess } from '../../app/workspace-access';
import { workspaceSections } from '../../app/workspace-sections';
import { de } from '../../i18n/de';
import { QueryState } from '../../ui/QueryState';
import { type Workspace, WorkspaceContext } from './useWorkspace';
import './workspace.css';

/**
 * The frame of a municipality's workspace. Its own users reach the pages from the main navigation;
 * the program office, looking in from outside, gets a banner that says whose workspace this is and
 * whether it may change anything, and the pages as tabs.
 */
export function WorkspaceLayout({ municipalityId }: { municipalityId: string }) {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const municipality = $api.useQuery('get', '/v1/municipalities/{id}', {
    params: { path: { id: municipalityId } },
  });
  const access = useMemo(() => (user ? workspaceAccess(user, municipalityId) : null), [user, municipalityId]);
  if (!user || !access) return null;
  return (
    <QueryState query={municipality}>
      {(data) => {
        const workspace: Workspace = { ...access, municipalityId, municipality: data };
        return (
          <WorkspaceContext.Provider value={workspace}>
            {access.officeView ? <OfficeBanner workspace={workspace} /> : null}
            <Outlet />
          </WorkspaceContext.Provider>
        );
      }}
    </QueryState>
  );
}

function OfficeBanner({ workspace }: { workspace: Workspace }) {
  const text = de.workspace.banner;
  return (
    <>
      <aside className="workspace-banner" aria-label={text.label}>
        <p>
          <strong>{text.title(workspace.municipality.name)}</strong>{' '}
          {workspace.canEdit ? text.canEdit : text.readOnly}
        </p>
        <Link to="/kommunen/$municipalityId" params={{ municipalityId: workspace.municipalityId }}>
          {text.back}
        </Link>
      </aside>
      <nav className="workspace-tabs" aria-label={text.sections}>
        <ul>
          {workspaceSections.map((section) => (
            <li key={section.to}>
              <Link
                to={section.to}
                params={{ municipalityId: workspace.municipalityId }}
                activeOptions={{ exact: section.exact }}
                activeProps={{ 'aria-current': 'page', className: 'is-active' }}
              >
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
