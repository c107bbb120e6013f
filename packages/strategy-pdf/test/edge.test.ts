import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStrategyPdf, type StrategyDocumentInput } from '../src/index.js';
import { layoutProblems } from './support/layout.js';
import { PdfFile, squash } from './support/poppler.js';
import { tocEntries } from './support/reading.js';

const base = {
  municipality: { name: 'Ortsgemeinde Hochborn', kind: 'ortsgemeinde' },
  program: { name: 'Digital-Werkstatt' },
  strategy: { title: 'Hochborn digital', status: 'draft' },
  version: { label: 'Ergebnis der Werkstatt', createdAt: '2025-03-14T17:00:00+01:00' },
} satisfies Partial<StrategyDocumentInput>;

describe('a version with nothing but one field', () => {
  let pdf: PdfFile;
  let pages: string[];

  beforeAll(async () => {
    const result = await renderStrategyPdf({
      ...base,
      actionFields: [
        { key: 'alltag', title: 'Alltagsleben', priority: 1, maturityNow: 0, maturityTarget: 1 },
      ],
    });
    pdf = new PdfFile(result.buffer);
    pages = pdf.pages();
  });
  afterAll(() => pdf?.remove());

  it('says in German what is still missing and leaves out chapters with nothing in them', () => {
    const text = squash(pages.join('\n'));
    for (const sentence of [
      'Ein Leitbild ist in dieser Fassung noch nicht formuliert.',
      'Für diese Fassung sind noch keine Maßnahmen geplant.',
      'Status: Entwurf, noch nicht vom Rat beschlossen',
    ]) {
      expect(text, sentence).toContain(sentence);
    }
    expect(tocEntries(pages).map((e) => e.number)).toEqual(['1', '1.1', '2', '3', '3.1', '4']);
    expect(layoutProblems(pdf.words())).toEqual([]);
  });
});

describe('a field whose maturity was not assessed', () => {
  it('says so instead of printing a level of 0', async () => {
    const result = await renderStrategyPdf({
      ...base,
      actionFields: [
        { key: 'alltag', title: 'Alltagsleben', priority: 1 },
        { key: 'verwaltung', title: 'Verwaltung', priority: 2 },
      ],
    });
    const pdf = new PdfFile(result.buffer);
    try {
      const text = squash(pdf.pages().join('\n'));
      expect(text).toContain('Reifegrad heute nicht eingeschätzt, Ziel nicht eingeschätzt');
      // The overview of several fields shows a dash, not 0.
      expect(text).toMatch(/Alltagsleben –\s?→\s?– 0 0/);
      expect(text).not.toContain('0 von 4');
    } finally {
      pdf.remove();
    }
  });
});

describe('a version with hostile content', () => {
  const longName = `Verbandsgemeinde ${'Langer-Name-'.repeat(20)}Ende`.slice(0, 300);
  const unbreakable = `https://www.example.org/${'x'.repeat(200)}`;
  const vision = [
    '# Unser Leitbild',
    'Ein Absatz mit **fett**, *kursiv*, ***beidem***, `Code`, einem [Link](https://wonnegau.de) und &amp; Entität.',
    '',
    '## Grundsätze',
    '- Erste Ebene',
    '  - Zweite Ebene mit einem sehr langen Text, der über mehrere Zeilen umbrechen muss, weil er so lang ist, dass er nicht in eine Zeile passt.',
    '- <b>HTML</b> wird nicht ausgeführt',
    '',
    '> Ein Zitat aus der Werkstatt.',
    '',
    '| Ziel | Termin |',
    '| --- | --- |',
    '| Glasfaser | 2027 |',
    '',
    '---',
    '',
    unbreakable,
  ].join('\n');
  const decomposed = 'Bu\u0308rgerbu\u0308ro'; // "Bürgerbüro" typed with combining marks
  let pdf: PdfFile;
  let text: string;

  beforeAll(async () => {
    const fields = Array.from({ length: 20 }, (_, i) => ({
      key: `feld-${i + 1}`,
      title: `Handlungsfeld ${i + 1} mit einem ziemlich langen Titel für das Inhaltsverzeichnis`,
      priority: i + 1,
      maturityNow: i % 5,
      maturityTarget: 4,
    }));
    const result = await renderStrategyPdf({
      ...base,
      municipality: { name: longName, kind: 'verbandsgemeinde' },
      strategy: { ...base.strategy, vision, title: 'T'.repeat(300) },
      version: {
        label: 'Fassung mit einem sehr langen Namen, der im Seitenfuß nicht mehr in eine Zeile passt '
          .repeat(3)
          .trim(),
        createdAt: '2030-01-01T00:00:00+01:00',
      },
      workshops: [
        {
          date: '2025-03-14',
          start: '09:00',
          end: '17:00',
          format: 'online',
          participants: { politics: 0, administration: 0, citizen: 0, business: 0, other: 0 },
        },
      ],
      actionFields: fields,
      measures: fields.flatMap((f, i) => [
        {
          title: `${decomposed} ${unbreakable}`,
          actionFieldKey: f.key,
          rank: 1,
          lead: 'Digitalisierungsbeauftragtenstellvertretungsorganisationseinheit',
          status: 'in_progress',
          progress: 30,
          startDate: '2025-01-01',
          endDate: `${2026 + (i % 10)}-12-31`,
          budgetCents: 123_456_789,
          steps: Array.from({ length: 30 }, (_, k) => ({ title: `Schritt ${k + 1}`, dueOn: '2026-06-30' })),
        },
      ]),
      ideas: [{ title: decomposed, actionFieldKey: 'feld-1', votes: 1, status: 'new' }],
    });
    pdf = new PdfFile(result.buffer);
    text = squash(pdf.pages().join('\n'));
  });
  afterAll(() => pdf?.remove());

  it('wraps, hyphenates and breaks everything inside the type area without overlap', () => {
    expect(layoutProblems(pdf.words()).slice(0, 20)).toEqual([]);
  });

  it('keeps every character of unbreakable words and sets decomposed umlauts as letters', () => {
    const raw = squash(pdf.rawPages().join('\n')).replace(/ /g, '');
    expect(raw).toContain(unbreakable);
    expect(text).toContain('Bürgerbüro');
    expect(text).toContain('1.234.567,89 €');
  });

  it('renders Markdown structure as text, never its markup or raw HTML', () => {
    for (const expected of [
      'Unser Leitbild',
      'Grundsätze',
      'fett, kursiv, beidem, Code, einem Link (https://wonnegau.de) und & Entität.',
      'Zweite Ebene',
      'HTML wird nicht ausgeführt',
      'Ein Zitat aus der Werkstatt.',
      'Glasfaser 2027',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('<b>');
    expect(text).not.toContain('**');
  });

  it('shortens only the running foot, and still numbers the pages', () => {
    const pages = pdf.pages();
    expect(squash(pages[1]!)).toMatch(/…/);
    expect(squash(pages[pages.length - 1]!)).toContain(`Seite ${pages.length} von ${pages.length}`);
  });
});
