import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { session } from '../../api/session';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { PublicPage } from '../../ui/PublicPage';
import { demoLogins, demoPassword } from './demo-logins';
import { SignInForm } from './SignInForm';

/** What brought someone back to sign-in, told above the form (`/anmelden?hinweis=…`). */
export const signInNotices = {
  'passwort-gesetzt': { title: de.signIn.passwordSet, text: de.signIn.passwordSetText },
  abgemeldet: { title: de.signIn.signedOut, text: undefined },
  'ueberall-abgemeldet': { title: de.signIn.signedOutEverywhere, text: undefined },
} as const;
export type SignInNotice = keyof typeof signInNotices;

/** `/anmelden`: e-mail and password; afterwards the home page. */
export function SignInPage({ notice }: { notice: SignInNotice | undefined }) {
  const navigate = useNavigate();
  const [refused, setRefused] = useState(false);
  const shown = notice && !refused ? signInNotices[notice] : undefined;
  return (
    <PublicPage title={de.signIn.title}>
      {shown ? (
        <Alert tone="success" title={shown.title}>
          {shown.text ? <p>{shown.text}</p> : null}
        </Alert>
      ) : (
        <p className="lead">{de.signIn.intro}</p>
      )}
      <SignInForm
        login={session.login}
        onSignedIn={() => navigate({ to: '/' })}
        onRefused={() => setRefused(true)}
      />
      <p>
        <Link to="/passwort-vergessen" className="link">
          {de.signIn.forgot}
        </Link>
      </p>
      {import.meta.env.DEV ? (
        <section className="card" aria-labelledby="demo-logins">
          <h2 id="demo-logins">{de.signIn.demoHeading}</h2>
          <p>{de.signIn.demoPassword(demoPassword)}</p>
          <ul className="plain-list demo-list">
            {demoLogins.map((login) => (
              <li key={login.email}>
                <code>{login.email}</code> – {de.roles[login.role]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </PublicPage>
  );
}
