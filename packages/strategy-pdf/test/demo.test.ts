import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStrategy } from '../src/fixtures.js';
import { renderStrategyPdf } from '../src/index.js';
import { PdfFile, squash } from './support/poppler.js';
import { pdfStrings, tocEntries } from './support/reading.js';

describe('strategy PDF of the demo version', () => {
  let pdf: PdfFile;
  let pageCount: number;
  let buffer: Buffer;
  let pages: string[];
  let all: string;

  beforeAll(async () => {
    const result = await renderStrategyPdf(demoStrategy());
    pageCount = result.pageCount;
    buffer = result.buffer;
    pdf = new PdfFile(buffer);
    pages = pdf.pages();
    all = pages.join('\n');
  });
  afterAll(() => pdf?.remove());

  const linesOf = (text: string) => text.split('\n').map(squash);

  it('has every section heading', () => {
    const lines = linesOf(all);
    for (const heading of [
      'Digitalstrategie',
      'Inhalt',
      '1 Ausgangslage',
      '1.1 Die Werkstatt',
      '1.2 Vorgehen',
      '2 Leitbild',
      '3 Handlungsfelder',
      '3.1 Kommunale Verwaltung',
      '3.2 Bildung und Jugend',
      '3.3 Silberne Gesellschaft',
      '4 Maßnahmen',
      '4.1 Kommunale Verwaltung',
      '4.2 Bildung und Jugend',
      '4.3 Silberne Gesellschaft',
      '5 Roadmap',
      '6 Ideenspeicher',
      '7 Nächste Schritte',
    ]) {
      expect(lines, heading).toContain(heading);
    }
  });

  it('sets umlauts, ß, German quotes, dashes and the euro sign exactly', () => {
    const text = squash(all);
    for (const expected of [
      'Maßnahmen',
      'Bürgerbüro',
      'Ältere Menschen',
      'Öffnungszeiten',
      'Auf die Übersicht',
      'Treffpunkt „Digital im Alter“',
      'Fachbereich 1 – Bürgerdienste',
      '12.500 €',
      'Summe 278.500 €',
      'Förderprogramm: „Digitale Kommune RLP“',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Nothing fell back to a replacement or missing glyph.
    expect(text).not.toContain('\uFFFD');
  });

  it('numbers every page but the cover as "Seite x von N", N being the real page count', () => {
    const info = pdf.info();
    expect(Number(info.Pages)).toBe(pageCount);
    expect(pages).toHaveLength(pageCount);
    expect(pages[0]).not.toMatch(/Seite \d+ von/);
    for (let page = 2; page <= pageCount; page++) {
      expect(squash(pages[page - 1]!), `page ${page}`).toContain(`Seite ${page} von ${pageCount}`);
      expect(squash(pages[page - 1]!)).toContain('Verbandsgemeinde Wonnegau · Digitalstrategie');
    }
  });

  it('carries title, author, subject, keywords, language and the PDF/UA marks', () => {
    const info = pdf.info();
    expect(info.Title).toBe('Digitalstrategie Verbandsgemeinde Wonnegau');
    expect(info.Author).toBe('Verbandsgemeinde Wonnegau');
    expect(info.Subject).toBe(
      'Wonnegau digital 2030 – gemeinsam, nah, offen – Fassung „Fortschreibung Frühjahr 2026“ vom 16.03.2026',
    );
    expect(info.Keywords).toContain('Silberne Gesellschaft');
    expect(info.Tagged).toBe('yes');
    expect(info['PDF version']).toBe('1.7');
    const raw = buffer.toString('latin1');
    expect(raw).toContain('/Lang (de-DE)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
  });

  it('embeds subsets of Source Sans 3 and no other font', () => {
    const fonts = pdf
      .fonts()
      .split('\n')
      .slice(2)
      .filter((line) => line.trim());
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) {
      expect(line).toMatch(
        /^[A-Z]{6}\+SourceSans3-(Regular|Bold|It|BoldIt)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/,
      );
    }
  });

  it('prints table of contents page numbers where the headings really are', () => {
    const entries = tocEntries(pages);
    expect(entries.map((e) => `${e.number} ${e.title}`)).toEqual([
      '1 Ausgangslage',
      '1.1 Die Werkstatt',
      '1.2 Vorgehen',
      '2 Leitbild',
      '3 Handlungsfelder',
      '3.1 Kommunale Verwaltung',
      '3.2 Bildung und Jugend',
      '3.3 Silberne Gesellschaft',
      '4 Maßnahmen',
      '4.1 Kommunale Verwaltung',
      '4.2 Bildung und Jugend',
      '4.3 Silberne Gesellschaft',
      '5 Roadmap',
      '6 Ideenspeicher',
      '7 Nächste Schritte',
      '8 Beschlussvorschlag',
    ]);
    for (const entry of entries) {
      const heading = `${entry.number} ${entry.title}`;
      const found = pages.flatMap((text, i) => (i > 1 && linesOf(text).includes(heading) ? [i + 1] : []));
      expect(found, heading).toEqual([entry.page]);
    }
  });

  it('tags headings, paragraphs, lists, tables and the roadmap figure with alternative text', () => {
    const tree = pdf.structure();
    for (const tag of [
      'Document',
      'H1',
      'H2',
      'H3',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'Table',
      'TR',
      'TH',
      'TD',
      'TOC',
      'TOCI',
      'Figure',
    ]) {
      expect(tree, tag).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    }
    // A list item of the Leitbild keeps its words apart across line breaks.
    expect(tree).toContain(
      '"Niemand bleibt zurück: Wer digitale Angebote nicht nutzen kann oder will, findet weiter einen persönlichen Weg ins Rathaus – und Unterstützung beim Einstieg, etwa durch Digital-Lotsen in den Ortsgemeinden."',
    );
    const alts = pdfStrings(buffer, 'Alt');
    expect(alts.some((alt) => alt.startsWith('Gantt-Diagramm der Roadmap von Q2 2025 bis Q2 2028.'))).toBe(
      true,
    );
    // Table headers name their scope, so a screen reader can announce the column.
    expect(buffer.toString('latin1')).toMatch(/\/Scope \/Column/);
  });

  it('renders the Leitbild Markdown as paragraphs and lists, without its markup', () => {
    const leitbild = squash(pages[3]!);
    expect(leitbild).toContain(
      '• Nutzen vor Technik: Jede Maßnahme beginnt mit der Frage, wem sie im Alltag hilft.',
    );
    expect(leitbild).toContain(
      '1. die zehn meistgenutzten Verwaltungsleistungen vollständig online anbieten,',
    );
    expect(leitbild).toContain(
      '3. in jeder Ortsgemeinde einen Treffpunkt für „Digital im Alter“ einrichten.',
    );
    expect(leitbild).not.toMatch(/\*|_/);
  });

  it('lists the measures per field with German status labels and euro amounts', () => {
    const entries = tocEntries(pages);
    const start = entries.find((e) => e.number === '4.1')!.page;
    const table = squash(pages[start - 1]!);
    expect(table).toContain('Maßnahme Verantwortlich Zeitraum Status Budget');
    expect(table).toMatch(/1\.1 Online-Terminvergabe für .*Abgeschlossen 12\.500 €/);
    expect(table).toMatch(/In Umsetzung .*\(40 %\)/);
    expect(table).toContain('Summe 278.500 €');
    expect(all).toContain('Digitalisierungsbeauf-');
  });

  it('keeps only unplanned ideas in the idea store, most votes first', () => {
    const entries = tocEntries(pages);
    const ideas = squash(pages[entries.find((e) => e.number === '6')!.page - 1]!);
    const order = [
      'Mängelmelder-App',
      'Coding-AG an jeder Grundschule',
      'Telemedizin-Sprechstunde im Dorfgemeinschaftshaus',
      'Makerspace in der Bücherei',
      'Nachbarschaftsplattform für Einkaufshilfen',
      'Chatbot auf der Website',
      'Notfall-Knopf für Alleinlebende',
      'Digitale Wahlhelfer-Schulung',
    ].map((title) => ideas.indexOf(title));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(ideas).not.toContain('Online-Bezahlung aller Gebühren');
    expect(ideas).not.toContain('Hausaufgabenhilfe per Video');
  });

  it('renders the same version to the same bytes, so a retried job produces the same document', async () => {
    const again = await renderStrategyPdf(demoStrategy());
    expect(again.buffer.equals(buffer)).toBe(true);
  });

  it('lists open steps by due date and leaves out done ones', () => {
    const entries = tocEntries(pages);
    // Content order keeps a wrapped cell together, unlike the layout view.
    const steps = squash(pdf.rawPages()[entries.find((e) => e.number === '7')!.page - 1]!);
    const first = steps.indexOf('Leistungen 5–7 im Serviceportal freischalten');
    const later = steps.indexOf('Pilot im Fachbereich Bauen starten');
    expect(first).toBeGreaterThan(0);
    expect(later).toBeGreaterThan(first);
    expect(steps).not.toContain('Förderantrag stellen');
    expect(steps).toContain(
      'Fortschreibung: Der Stand der Maßnahmen und die Erreichung der Ziele werden bis zum 31. März 2027',
    );
  });
});
