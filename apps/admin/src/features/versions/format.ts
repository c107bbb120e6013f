import type { Schema } from '@werkstatt/api-client';
import { de } from '../../i18n/de';

const t = de.versions;

const oneDecimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

/** A file size as people read it, in decimal units: „870 Byte“, „45 kB“, „1,4 MB“. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${whole.format(bytes)} Byte`;
  if (bytes < 1_000_000) return `${whole.format(Math.round(bytes / 1000))} kB`;
  return `${oneDecimal.format(bytes / 1_000_000)} MB`;
}

/** „12 Seiten, 1,4 MB“; what is not known yet is left out. */
export function documentFacts(d: Pick<Schema<'Document'>, 'pageCount' | 'sizeBytes'>): string {
  const parts = [
    d.pageCount === null ? null : t.pages(d.pageCount),
    d.sizeBytes === null ? null : formatBytes(d.sizeBytes),
  ].filter((p): p is string => p !== null);
  return parts.join(', ');
}

/** The German status word of a document: „in der Warteschlange“, „wird erstellt“, „fertig“, „fehlgeschlagen“. */
export const statusWord = (status: Schema<'DocumentStatus'>): string => t.status[status];
