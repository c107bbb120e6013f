import { squash } from './poppler.js';

export interface TocEntry {
  number: string;
  title: string;
  page: number;
}

/** Reads the table of contents from the page texts: the pages after the cover up to chapter 1. */
export function tocEntries(pages: string[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const text of pages.slice(1)) {
    const lines = text.split('\n').map(squash);
    if (lines.includes('1 Ausgangslage')) break;
    for (const line of lines) {
      const match = /^(\d+(?:\.\d+)?) (.+) (\d+)$/.exec(line);
      if (match && !line.startsWith('Fassung')) {
        entries.push({ number: match[1]!, title: match[2]!, page: Number(match[3]) });
      }
    }
  }
  return entries;
}

/** Every literal string stored under `/key` in the PDF's objects, decoded (PDFDocEncoding or UTF-16BE). */
export function pdfStrings(buffer: Buffer, key: string): string[] {
  const raw = buffer.toString('latin1');
  const found: string[] = [];
  const marker = `/${key} (`;
  let at = raw.indexOf(marker);
  while (at >= 0) {
    let i = at + marker.length;
    let depth = 1;
    let bytes = '';
    while (i < raw.length && depth > 0) {
      const c = raw[i]!;
      if (c === '\\') {
        const next = raw[i + 1]!;
        const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (/[0-7]/.test(next)) {
          const octal = /^[0-7]{1,3}/.exec(raw.slice(i + 1))![0];
          bytes += String.fromCharCode(Number.parseInt(octal, 8));
          i += 1 + octal.length;
          continue;
        }
        bytes += escapes[next] ?? next;
        i += 2;
        continue;
      }
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth > 0) bytes += c;
      i++;
    }
    found.push(
      bytes.startsWith('\u00fe\u00ff')
        ? Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le')
        : bytes,
    );
    at = raw.indexOf(marker, i);
  }
  return found;
}
