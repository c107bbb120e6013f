import type { ReactNode } from 'react';
import './badge.css';

/** A short state in a list ("Aktiv", "Gesperrt"): the word carries the meaning, the colour helps. */
export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'info' | 'success' | 'danger';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
