import { type ReactNode, useEffect } from 'react';
import { de } from '../i18n/de';

interface PageHeaderProps {
  title: string;
  /** A line under the title, e.g. the date and place of a workshop. */
  subtitle?: ReactNode;
  /** A link back up, e.g. from a workshop to the list. */
  back?: ReactNode;
  /** The page's main actions, placed beside the title on wide screens and under it on phones. */
  actions?: ReactNode;
}

/** The one h1 of a signed-in page; it also names the browser tab. */
export function PageHeader({ title, subtitle, back, actions }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} – ${de.app.name}`;
  }, [title]);
  return (
    <div className="page-header">
      {back ? <div className="page-back">{back}</div> : null}
      <div className="page-title-row">
        <div>
          <h1>{title}</h1>
          {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
