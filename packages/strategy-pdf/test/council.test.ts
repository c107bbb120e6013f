import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStrategy, singleFieldStrategy } from '../src/fixtures.js';
import { renderStrategyPdf, type StrategyDocument } from '../src/index.js';
import { layoutProblems } from './support/layout.js';
import { PdfFile, squash } from './support/poppler.js';
import { pdfStrings, tocEntries } from './support/reading.js';

/** What a council member reads: the text of each page as pdftotext gives it. */
async function read(doc: StrategyDocument) {
  const { buffer } = await renderStrategyPdf(doc);
  const pdf = new PdfFile(buffer);
  const pages = pdf.pages();
  const images = execFileSync('pdfimages', ['-list', pdf.path], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((line) => line.trim());
  return {
    pdf,
    pages,
    images,
    alts: pdfStrings(buffer, 'Alt'),
    text: squash(pages.join('\n')),
    raw: squash(pdf.rawPages().join('\n')),
  };
}
type Read = Awaited<ReturnType<typeof read>>;

const pageOf = (r: Read, heading: string) =>
  r.pages.findIndex((page, i) => i > 1 && page.split('\n').map(squash).includes(heading)) + 1;

describe('the council document of a rich strategy', () => {
  let r: Read;
  beforeAll(async () => {
    r = await read(demoStrategy());
  });
  afterAll(() => r?.pdf.remove());

  it('shows the title once on the cover, with the coat of arms', () => {
    const cover = squash(r.pages[0]!);
    expect(cover.match(/Digitalstrategie/g)).toHaveLength(1);
    expect(cover).toContain('Wonnegau digital 2030 – gemeinsam, nah, offen');
    // The logo is one image on the cover (its alpha channel is a second, soft-mask entry), with alt text.
    const kinds = r.images.map((line) => line.trim().split(/\s+/).slice(0, 3).join(' '));
    expect(kinds).toEqual(['1 0 image', '1 1 smask']);
    expect(r.alts).toContain('Wappen bzw. Logo: Verbandsgemeinde Wonnegau');
    expect(r.text).not.toContain('\uFFFD');
  });

  it('prints indicator units as a council reads them', () => {
    expect(r.text).toContain('Leistungen vollständig online 1 Stück 10 Stück 4 Stück (01.03.2026)');
    expect(r.text).toMatch(/Anteil online gebuchter Termine 0 ?% 80 % 86 % \(28\.02\.2026\)/);
    expect(r.text).not.toMatch(/\d Anzahl|\d Prozent/);
  });

  it('marks an overdue measure in its fact sheet, its overview row and on the roadmap, and no other', () => {
    expect(r.text).toContain('Status In Umsetzung, Fortschritt 70 %; überfällig');
    expect(r.raw).toMatch(/3\.1 Digital-Lotsen in allen Ortsgemeinden – überfällig/);
    // A done measure past its end date, and a running one whose open steps are not yet due, are not overdue.
    expect(r.text).toContain('Status Abgeschlossen, Fortschritt 100 % Budget');
    expect(r.text).toContain('Status In Umsetzung, Fortschritt 40 % Budget');
    const roadmap = squash(r.pages[pageOf(r, '5 Roadmap') - 1]!);
    expect(roadmap.match(/überfällig/g)).toHaveLength(1);
  });

  it('keeps the status of a running measure whose steps are all done, and says so', () => {
    expect(r.text).toContain('Status In Umsetzung, Fortschritt 50 %; alle Schritte erledigt');
    expect(r.raw).toMatch(/In Umsetzung \(50 %\), alle Schritte erledigt/);
  });

  it('tells the story of the workshop in the Ausgangslage', () => {
    const situation = squash(r.pages[pageOf(r, '1 Ausgangslage') - 1]!);
    for (const expected of [
      'Die Werkstatt fand am Freitag, 14. März 2025, von 09:00 bis 17:00 Uhr statt (Bürgerhaus Westhofen, Westhofen).',
      'Beteiligt waren außerdem: Verbandsgemeinde Eich und Verbandsgemeinde Alzey-Land.',
      'Aus der Verbandsgemeinde Wonnegau wirkten 28 Personen mit: Politik (7), Verwaltung (9), Bürgerschaft (6), Wirtschaft (4) und Sonstige (2).',
      'Moderiert haben Dr. Katrin Weißmüller und Jörg Hübner.',
      'Gewählt wurden die Handlungsfelder „Kommunale Verwaltung“, „Bildung und Jugend“ und „Silberne Gesellschaft“',
    ]) {
      expect(situation, expected).toContain(expected);
    }
  });

  it('points only to chapters that exist, by their numbers', () => {
    expect(r.text).toContain(
      'Daraus sind bisher 3 Handlungsfelder, 12 Maßnahmen und 10 Projektideen entstanden. Jede Maßnahme ist in Kapitel 4 als Steckbrief beschrieben; Kapitel 5 zeigt den Zeitplan; Kapitel 6 den Ideenspeicher; Kapitel 7 die nächsten Umsetzungsschritte.',
    );
    for (const [number, title] of [
      ['4', 'Maßnahmen'],
      ['5', 'Roadmap'],
      ['6', 'Ideenspeicher'],
      ['7', 'Nächste Schritte'],
    ]) {
      expect(pageOf(r, `${number} ${title}`)).toBeGreaterThan(2);
    }
  });

  it('ends with the Beschlussvorschlag naming the body, the meeting and the agenda item', () => {
    const last = squash(r.pages.at(-1)!);
    expect(last).toContain('8 Beschlussvorschlag');
    expect(last).toContain('Gremium: Verbandsgemeinderat Wonnegau');
    expect(last).toContain('Sitzung am: Donnerstag, 23. April 2026');
    expect(last).toContain('Tagesordnungspunkt: TOP 6 (öffentlich): Fortschreibung der Digitalstrategie');
    expect(last).toContain(
      '1. Der Verbandsgemeinderat Wonnegau beschließt die Digitalstrategie „Wonnegau digital 2030 – gemeinsam, nah, offen“ in der Fassung „Fortschreibung Frühjahr 2026“ vom 16. März 2026 mit 3 Handlungsfeldern und 12 Maßnahmen.',
    );
  });

  it('keeps every word inside the type area', () => {
    expect(layoutProblems(r.pdf.words())).toEqual([]);
  });
});

describe('the council document of a strategy with a single field and nothing else', () => {
  let r: Read;
  beforeAll(async () => {
    r = await read(singleFieldStrategy());
  });
  afterAll(() => r?.pdf.remove());

  it('shows a title that already says "Digitalstrategie" once, and no logo it does not have', () => {
    const cover = squash(r.pages[0]!);
    expect(cover.match(/Digitalstrategie/g)).toHaveLength(1);
    expect(cover).toContain('Digitalstrategie Verbandsgemeinde Eich');
    expect(r.images).toEqual([]);
  });

  it('counts in singular and says "keine" instead of 0', () => {
    for (const expected of [
      'umfasst 1 Handlungsfeld und keine Maßnahmen.',
      'In der Werkstatt wurde 1 Handlungsfeld ausgewählt. Der Reifegrad reicht von 0',
      'Gewählt wurde das Handlungsfeld „Alltagsleben“.',
      'Daraus ist bisher 1 Handlungsfeld entstanden. Maßnahmen und Projektideen sind noch nicht erfasst.',
      'Für diese Fassung sind noch keine Maßnahmen geplant.',
    ]) {
      expect(r.text, expected).toContain(expected);
    }
    expect(r.text).not.toMatch(/\b0 (Maßnahmen|Projektideen|Handlungsfelder)\b/);
    expect(r.text).not.toMatch(/1 Handlungsfelder|wurden 1/);
  });

  it('names no chapter, workshop or idea that does not exist', () => {
    expect(tocEntries(r.pages).map((e) => `${e.number} ${e.title}`)).toEqual([
      '1 Ausgangslage',
      '1.1 Vorgehen',
      '2 Leitbild',
      '3 Handlungsfelder',
      '3.1 Alltagsleben',
      '4 Maßnahmen',
    ]);
    for (const absent of [
      'Kapitel',
      'Roadmap',
      'Ideenspeicher',
      'Nächste Schritte',
      'Beschlussvorschlag',
      'Die Werkstatt fand',
    ]) {
      expect(r.text, absent).not.toContain(absent);
    }
  });

  it('lets the short Leitbild share its page with the next chapter', () => {
    // Cover, contents, and one page for all four chapters.
    expect(r.pages).toHaveLength(3);
    for (const heading of ['1 Ausgangslage', '2 Leitbild', '3 Handlungsfelder', '4 Maßnahmen']) {
      expect(pageOf(r, heading), heading).toBe(3);
    }
  });

  it('keeps every word inside the type area', () => {
    expect(layoutProblems(r.pdf.words())).toEqual([]);
  });
});

describe('a rich strategy with a two-line Leitbild', () => {
  it('continues with the next chapter on the Leitbild page instead of leaving it near-empty', async () => {
    const doc = demoStrategy();
    const r = await read({
      ...doc,
      strategy: {
        ...doc.strategy,
        vision: 'Wonnegau wird digital – nah an den Menschen.\n\nNiemand bleibt zurück.',
      },
    });
    try {
      expect(pageOf(r, '2 Leitbild')).toBeGreaterThan(0);
      expect(pageOf(r, '3 Handlungsfelder')).toBe(pageOf(r, '2 Leitbild'));
      expect(layoutProblems(r.pdf.words())).toEqual([]);
    } finally {
      r.pdf.remove();
    }
  });
});

describe('a young strategy with a council meeting but no measures yet', () => {
  it('proposes to work out measures instead of adopting ones that do not exist', async () => {
    const r = await read({
      ...singleFieldStrategy(),
      resolution: { body: 'Verbandsgemeinderat Eich', meetingOn: null, agendaItem: null },
    });
    try {
      const last = squash(r.pages.at(-1)!);
      expect(last).toContain('5 Beschlussvorschlag');
      expect(last).toContain('Gremium: Verbandsgemeinderat Eich');
      expect(last).not.toContain('Sitzung am');
      expect(last).toContain('mit 1 Handlungsfeld.');
      expect(last).toContain('zu den Handlungsfeldern Maßnahmen auszuarbeiten');
    } finally {
      r.pdf.remove();
    }
  });
});
