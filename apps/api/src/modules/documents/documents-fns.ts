/** Download names of strategy documents. Pure, so they are tested without HTTP. */

const MAX_NAME_CHARS = 120;

/** The calendar day of an instant in Europe/Berlin, as YYYY-MM-DD (the "Stand" printed in the PDF). */
export function berlinDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

const hyphenate = (value: string) =>
  value
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_NAME_CHARS)
    .replace(/-+$/, '');

/** "Digitalstrategie-Verbandsgemeinde-Südliche-Weinstraße-2026-11-21.pdf": letters kept, umlauts too. */
export function documentFilename(municipalityName: string, versionCreatedAt: Date): string {
  const name = hyphenate(municipalityName.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-'));
  return `Digitalstrategie-${name || 'Kommune'}-${berlinDay(versionCreatedAt)}.pdf`;
}

const german: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
};

/** The same name in ASCII (ä → ae, ß → ss, other accents dropped), for clients without RFC 5987. */
export function asciiFilename(filename: string): string {
  return filename
    .replace(/[äöüÄÖÜßẞ]/g, (c) => german[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-');
}

/** Content-Disposition for a download: an ASCII filename plus the exact one as RFC 5987 filename*. */
export function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFilename(filename)}"; filename*=UTF-8''${encoded}`;
}
