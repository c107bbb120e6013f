import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeStrategy } from '../src/fixtures.js';
import { renderStrategyPdf, type StrategyDocument } from '../src/index.js';
import { layoutProblems } from './support/layout.js';
import { PdfFile, squash } from './support/poppler.js';
import { tocEntries } from './support/reading.js';

describe('strategy PDF of the large version (9 fields, 100 measures, 100 ideas)', () => {
  let doc: StrategyDocument;
  let pdf: PdfFile;
  let pageCount: number;
  let pages: string[];

  beforeAll(async () => {
    doc = largeStrategy();
    const result = await renderStrategyPdf(doc);
    pageCount = result.pageCount;
    pdf = new PdfFile(result.buffer);
    pages = pdf.pages();
  });
  afterAll(() => pdf?.remove());

  it('renders every page with its number and the real page count', () => {
    expect(Number(pdf.info().Pages)).toBe(pageCount);
    expect(pageCount).toBeGreaterThan(50);
    expect(squash(pages[pageCount - 1]!)).toContain(`Seite ${pageCount} von ${pageCount}`);
  });

  it('repeats the table header on every page a long table continues on', () => {
    const entries = tocEntries(pages);
    const ideasFrom = entries.find((e) => e.number === '6')!.page;
    const stepsFrom = entries.find((e) => e.number === '7')!.page;
    expect(stepsFrom - ideasFrom).toBeGreaterThanOrEqual(2);
    for (let page = ideasFrom; page < stepsFrom; page++) {
      expect(squash(pages[page - 1]!), `page ${page}`).toContain('Idee Handlungsfeld Stimmen Status');
    }
    expect(pageCount - stepsFrom).toBeGreaterThanOrEqual(1);
    for (let page = stepsFrom; page <= pageCount; page++) {
      expect(squash(pages[page - 1]!), `page ${page}`).toContain(
        'Fällig bis Umsetzungsschritt Maßnahme Verantwortlich',
      );
    }
  });

  it('places the table of contents page numbers on the headings', () => {
    for (const entry of tocEntries(pages)) {
      const heading = `${entry.number} ${entry.title}`;
      const lines = pages[entry.page - 1]!.split('\n').map(squash);
      expect(lines, `${heading} on page ${entry.page}`).toContain(heading);
    }
  });

  // Every word box of the finished PDF, from poppler (see support/layout.ts for the rules).
  it('draws no text over other text and none outside the type area', () => {
    const pagesWords = pdf.words();
    expect(pagesWords).toHaveLength(pageCount);
    expect(layoutProblems(pagesWords).slice(0, 20)).toEqual([]);
    const words = pagesWords.reduce((sum, p) => sum + p.words.length, 0);
    expect(words).toBeGreaterThan(20_000);
  });

  it('breaks a table row taller than a page across pages without losing a word', () => {
    const tall = doc.measures.find((m) => (m.description?.length ?? 0) > 4000)!;
    const raw = pdf.rawPages();
    const opening = squash(tall.description!).slice(0, 40);
    const onPages = raw.flatMap((text, i) => (squash(text).includes(opening) ? [i] : []));
    expect(onPages.length).toBe(1);
    const start = onPages[0]!;
    // The cell goes on after the page break; running heads and the foot are left out of the joined text.
    const joined = squash(
      raw
        .slice(start, start + 3)
        .map((text) =>
          text
            .split('\n')
            .filter(
              (line) => !/^(Verbandsgemeinde Wonnegau · Digitalstrategie|Fassung „|Seite \d+ von)/.test(line),
            )
            .join(' '),
        )
        .join(' '),
    );
    expect(joined).toContain(squash(tall.description!));
    expect(squash(raw[start]!)).not.toContain(squash(tall.description!));
  });
});
