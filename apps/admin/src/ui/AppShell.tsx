import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { forgetEtags } from '../api/etag';
import { session } from '../api/session';
import { navigationFor } from '../app/navigation';
import { isOffice } from '../app/roles';
import { de } from '../i18n/de';
import { Button } from './Button';

/**
 * The frame of every signed-in page: a skip link, the brand, the navigation for the user's role (a
 * sidebar on wide screens, a menu button on phones and tablets), the account with sign-out, and the
 * page itself. Each page renders its own `PageHeader` with the one h1.
 */
export function AppShell() {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [menuOpen, setMenuOpen] = useState(false);
  const [leaving, setLeaving] = useState<'here' | 'everywhere' | null>(null);

  // A page change closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setMenuOpen(false), [pathname]);

  // Signing out goes to sign-in with its notice; a session that ended otherwise goes there plainly.
  if (!user) return leaving ? null : <Navigate to="/anmelden" />;

  const logout = async (everywhere: boolean) => {
    setLeaving(everywhere ? 'everywhere' : 'here');
    await session.logout({ everywhere }).catch(() => undefined);
    queryClient.clear();
    forgetEtags();
    await navigate({
      to: '/anmelden',
      search: { hinweis: everywhere ? 'ueberall-abgemeldet' : 'abgemeldet' },
    });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#inhalt">
        {de.nav.skip}
      </a>
      <header className="shell-header">
        <Link to="/" className="shell-brand">
          {de.app.name}
          {isOffice(user) ? <span className="shell-context">{de.nav.office}</span> : null}
        </Link>
        <button
          type="button"
          className="shell-menu-button"
          aria-expanded={menuOpen}
          aria-controls="hauptnavigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {de.nav.menu}
        </button>
      </header>
      <div className="shell-body">
        <nav
          id="hauptnavigation"
          className={`shell-nav${menuOpen ? ' shell-nav-open' : ''}`}
          aria-label={de.nav.label}
        >
          <ul className="shell-nav-list">
            {navigationFor(user).map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  params={item.params}
                  className="shell-nav-link"
                  activeOptions={{ exact: item.exact ?? item.to === '/' }}
                  activeProps={{ 'aria-current': 'page', className: 'shell-nav-link is-active' }}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <section className="shell-account" aria-label={de.account.label}>
            <p className="shell-user">{de.account.signedInAs(user.name, de.roles[user.role])}</p>
            <Link
              to="/konto"
              className="shell-nav-link"
              activeProps={{ 'aria-current': 'page', className: 'shell-nav-link is-active' }}
            >
              {de.account.link}
            </Link>
            <Button
              variant="secondary"
              busy={leaving === 'here'}
              busyLabel={de.app.loading}
              onClick={() => logout(false)}
            >
              {de.account.logout}
            </Button>
            <Button
              variant="secondary"
              busy={leaving === 'everywhere'}
              busyLabel={de.app.loading}
              aria-describedby="logout-all-hint"
              onClick={() => logout(true)}
            >
              {de.account.logoutAll}
            </Button>
            <p id="logout-all-hint" className="muted small">
              {de.account.logoutAllHint}
            </p>
          </section>
        </nav>
        <main id="inhalt" className="shell-main" tabIndex={-1}>
          <Suspense
            fallback={
              <p role="status" className="loading">
                {de.app.loading}
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
