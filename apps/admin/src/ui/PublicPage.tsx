import { type ReactNode, useEffect } from 'react';
import { de } from '../i18n/de';

/** The frame of a page for invitees: the program's name, one heading, the content. */
export function PublicPage({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} – ${de.app.name}`;
  }, [title]);
  return (
    <div className="public">
      <header className="public-header">
        <p className="brand">{de.app.name}</p>
      </header>
      <main className="public-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
