import PDFDocument from 'pdfkit';
import { fontStyles, fonts } from './fonts.js';
import {
  berlinDay,
  count,
  formatDate,
  formatLongDate,
  formatMoney,
  formatNumber,
  formatPeriod,
  formatQuantity,
  ideaStatusLabel,
  maturityLabel,
  measureStatusLabel,
  municipalityKindLabel,
  participantRoleLabel,
  plural,
  startWindowLabel,
  strategyStatusLabel,
  workshopFormatLabel,
} from './format.js';
import { drawGantt, type GanttField, tint } from './gantt.js';
import { renderMarkdown } from './markdown.js';
import {
  type ActionField,
  type Measure,
  type Resolution,
  StrategyDocument,
  type StrategyDocumentInput,
  type Workshop,
} from './model.js';
import { drawTable, layoutTable } from './table.js';
import { colors, fontNames, type Rich, type StructElement, Writer, withTrailingSpace } from './writer.js';

export interface RenderOptions {
  /** CreationDate in the metadata; defaults to the version's createdAt, so a version always renders the same. */
  creationDate?: Date;
}

export interface RenderedPdf {
  buffer: Buffer;
  pageCount: number;
}

/** One colour per field, in priority order; distinguishable in print and for common colour blindness. */
const fieldPalette = [
  '#1f77b4',
  '#e07b00',
  '#2a9d5c',
  '#c03d5e',
  '#7b5ea7',
  '#8c6d31',
  '#d45fb0',
  '#4f6d7a',
  '#b5a300',
  '#17a2b8',
  '#a05195',
  '#5d8a1f',
];

const bodySize = 10.5;
const tableSize = 9;
const maturityScaleHeight = 26;

/** Space before, heading lines and space after of an H2. */
function subsectionHeight(w: Writer, number: string, title: string): number {
  return 6 + headingLines(w, number, title, 14).lines.length * w.lineHeight(14) + 6;
}

function headingLines(w: Writer, number: string, title: string, size: number) {
  const indent = w.measure(number, 'bold', size) + size * 0.55;
  return { indent, lines: w.wrap(title, w.contentWidth - indent, size, 'bold', colors.primary) };
}

/** A numbered heading whose title wraps with a hanging indent after the number; never split over pages. */
function numberedHeading(
  w: Writer,
  parent: StructElement,
  tag: 'H1' | 'H2',
  number: string,
  title: string,
  size: number,
) {
  const { indent, lines } = headingLines(w, number, title, size);
  const lh = w.lineHeight(size);
  w.ensure(lines.length * lh);
  const numberLine = withTrailingSpace(w.wrap(number, indent, size, 'bold', colors.primary)[0]!);
  const element = w.elem(parent, tag);
  const top = w.y;
  w.mark(element, tag, () => {
    w.drawLine(numberLine, w.g.left, top, size);
    lines.forEach((line, k) => {
      w.drawLine(line, w.g.left + indent, top + k * lh, size);
    });
  });
  element.end();
  w.y = top + lines.length * lh;
}

/** Starts a new page unless a block of `height` fits here; a block taller than a page just starts here. */
function keepTogether(w: Writer, height: number): void {
  if (height <= w.g.bottom - w.g.top) w.ensure(height);
}

interface FieldView {
  field: ActionField;
  number: number;
  color: string;
  measures: MeasureView[];
}

interface MeasureView {
  measure: Measure;
  /** "2.3": field 2, third measure by rank. */
  id: string;
  field: FieldView;
}

/** The chapters a version has: those with nothing to say are left out and the rest numbered through. */
type ChapterKey =
  | 'situation'
  | 'vision'
  | 'fields'
  | 'measures'
  | 'roadmap'
  | 'ideas'
  | 'next'
  | 'resolution';

interface Chapter {
  key: ChapterKey;
  number: string;
  title: string;
}

interface SectionOptions {
  newPage?: boolean;
  /** Room the chapter's content needs below its heading when it is known to be short. */
  shortContent?: number;
}

interface TocEntry {
  level: 1 | 2;
  number: string;
  title: string;
  page: number;
}

interface SectionRef {
  sect: StructElement;
  item: PDFKit.PDFOutline;
}

/** What every chapter renderer works with. */
interface Context {
  w: Writer;
  doc: StrategyDocument;
  fields: FieldView[];
  /** The day of the version in Europe/Berlin, "YYYY-MM-DD". */
  standOn: string;
  chapters: Chapter[];
  /** Starts a chapter (heading, table of contents entry, bookmark), on a new page unless little is left. */
  section: (key: ChapterKey, options?: SectionOptions) => SectionRef & { number: string };
  subsection: (parent: SectionRef, number: string, heading: string) => StructElement;
  paragraph: (parent: StructElement, text: Rich, after?: number) => StructElement;
}

/**
 * Renders a strategy version as a council-ready, tagged (PDF/UA) German PDF. Pure: the same input gives
 * the same document, and nothing but the input and the bundled fonts is read.
 */
export async function renderStrategyPdf(
  input: StrategyDocumentInput,
  options: RenderOptions = {},
): Promise<RenderedPdf> {
  const doc = StrategyDocument.parse(input);
  const standOn = berlinDay(doc.version.createdAt);
  const title = `Digitalstrategie ${doc.municipality.name}`;
  const fields = viewFields(doc);

  const pdf = new PDFDocument({
    size: 'A4',
    margin: 0,
    pdfVersion: '1.7',
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: title,
      Author: doc.municipality.name,
      Subject: `${doc.strategy.title} – Fassung „${doc.version.label}“ vom ${formatDate(standOn)}`,
      Keywords: [
        'Digitalstrategie',
        doc.municipality.name,
        doc.program.name,
        ...fields.map((f) => f.field.title),
      ].join(', '),
      Creator: 'Werkstatt',
      CreationDate: options.creationDate ?? new Date(doc.version.createdAt),
      ModDate: options.creationDate ?? new Date(doc.version.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });

  const parsed = fonts();
  // pdfkit 0.20 takes parsed fontkit fonts, which the process shares across renders.
  for (const style of fontStyles) pdf.registerFont(fontNames[style], parsed[style] as unknown as string);

  const w = new Writer(pdf);
  const root = pdf.struct('Document');
  pdf.addStructure(root);

  drawCover(w, root, doc, standOn);

  const chapters = planChapters(doc, fields);
  const toc = planToc(doc, fields, chapters);
  const tocSect = w.elem(root, 'Sect');
  const tocLayout = layoutToc(w, toc);
  const tocFirstPage = w.pageNumber + 1;
  for (let i = 0; i < tocLayout.pages; i++) w.addPage();

  const outline = pdf.outline;
  let onTocPage = true;
  const section = (key: ChapterKey, options: SectionOptions = {}) => {
    const { number, title: heading } = chapters.find((c) => c.key === key)!;
    // A short chapter does not leave a near-empty page: the next one follows on the same page while at
    // least a third of the type area (or what a short chapter needs) is left. The first chapter starts
    // after the table of contents.
    // Gap, heading with its rule, and the chapter's content when it is known to be short.
    const headingHeight = 28 + headingLines(w, number, heading, 20).lines.length * w.lineHeight(20) + 18;
    const room = Math.min(
      (w.g.bottom - w.g.top) / 3,
      headingHeight + (options.shortContent ?? Number.POSITIVE_INFINITY),
    );
    if (onTocPage || options.newPage || w.g.bottom - w.y < room) w.addPage();
    else w.y += 28;
    onTocPage = false;
    const sect = w.elem(root, 'Sect');
    entry(toc, number).page = w.pageNumber;
    const item = outline.addItem(`${number} ${heading}`);
    numberedHeading(w, sect, 'H1', number, heading, 20);
    w.y += 4;
    w.artifact(() => w.hline(w.g.left, w.g.right, w.y, colors.primary, 1));
    w.y += 14;
    return { sect, item, number };
  };
  const subsection = (parent: SectionRef, number: string, heading: string) => {
    w.ensure(subsectionHeight(w, number, heading) + 4 * w.lineHeight(tableSize));
    w.y += 6;
    const sect = w.elem(parent.sect, 'Sect');
    entry(toc, number).page = w.pageNumber;
    parent.item.addItem(`${number} ${heading}`);
    numberedHeading(w, sect, 'H2', number, heading, 14);
    w.y += 6;
    return sect;
  };
  const paragraph = (parent: StructElement, text: Rich, after = 7) =>
    w.text(parent, 'P', text, { size: bodySize, after });

  const ctx: Context = { w, doc, fields, standOn, chapters, section, subsection, paragraph };
  const renderers: Record<ChapterKey, (ctx: Context) => void> = {
    situation: renderSituation,
    vision: renderVision,
    fields: renderFields,
    measures: renderMeasures,
    roadmap: renderRoadmap,
    ideas: renderIdeas,
    next: renderNextSteps,
    resolution: renderResolution,
  };
  for (const chapter of chapters) renderers[chapter.key](ctx);

  // The table of contents goes on the pages reserved for it, now that every heading has its page.
  drawToc(w, tocSect, toc, tocLayout, tocFirstPage);
  tocSect.end();

  const pageCount = w.pageNumber;
  drawRunningHeads(w, doc.municipality.name, doc.version.label, standOn, pageCount);

  pdf.end();
  await finished;
  return { buffer: Buffer.concat(chunks), pageCount };
}

/** 1 Ausgangslage: the workshops, participants by role, moderators, and the method. */
function renderSituation({
  w,
  doc,
  fields,
  standOn,
  chapters,
  section,
  subsection,
  paragraph,
}: Context): void {
  const s = section('situation');
  for (const text of situationParagraphs(doc, fields, standOn)) paragraph(s.sect, text);
  if (doc.workshops.length > 0) {
    const sub = subsection(
      s,
      `${s.number}.1`,
      doc.workshops.length === 1 ? 'Die Werkstatt' : 'Die Werkstätten',
    );
    doc.workshops.forEach((workshop, i) => {
      if (doc.workshops.length > 1) {
        w.ensure(w.lineHeight(bodySize) + 4 * w.lineHeight(tableSize));
        paragraph(sub, [{ text: `Werkstatt ${i + 1}`, style: 'bold' }], 3);
      }
      drawTable(w, sub, {
        columns: [
          { header: 'Angabe', width: 1 },
          { header: 'Werkstatt', width: 3 },
        ],
        rows: workshopRows(workshop),
        headerRow: false,
        rowHeaders: true,
        size: tableSize,
        summary: `Werkstatt am ${formatDate(workshop.date)}`,
      });
    });
    sub.end();
  }
  const method = subsection(s, `${s.number}.${doc.workshops.length > 0 ? 2 : 1}`, 'Vorgehen');
  for (const text of methodParagraphs(doc, fields, chapters)) paragraph(method, text);
  method.end();
  s.sect.end();
}

/** 2 Leitbild: the vision Markdown. */
function renderVision({ w, doc, section, paragraph }: Context): void {
  const s = section('vision');
  if (doc.strategy.vision.trim()) {
    renderMarkdown(w, s.sect, doc.strategy.vision, { size: bodySize, headingBase: 2 });
  } else {
    paragraph(s.sect, 'Ein Leitbild ist in dieser Fassung noch nicht formuliert.');
  }
  s.sect.end();
}

/** 3 Handlungsfelder: priority, goal, rationale and maturity of every chosen field. */
function renderFields({ w, doc, fields, section, subsection, paragraph }: Context): void {
  const s = section('fields');
  paragraph(
    s.sect,
    `In der Werkstatt ${fields.length === 1 ? 'wurde' : 'wurden'} ` +
      `${plural(fields.length, 'Handlungsfeld', 'Handlungsfelder')} ausgewählt. ` +
      (fields.length === 1 ? '' : 'Die Reihenfolge entspricht der Priorität; ') +
      `${fields.length === 1 ? 'Der' : 'der'} Reifegrad reicht von 0 (nicht begonnen) bis 4 (etabliert).`,
  );
  // With one field the overview would repeat its profile below in one row.
  if (fields.length > 1)
    drawTable(w, s.sect, {
      columns: [
        { header: 'Priorität', width: 0.8, align: 'right' },
        { header: 'Handlungsfeld', width: 3 },
        { header: 'Reifegrad heute → Ziel', width: 1.6 },
        { header: 'Maßnahmen', width: 1, align: 'right' },
        { header: 'Ideen', width: 0.8, align: 'right' },
      ],
      rows: fields.map((f) => [
        String(f.field.priority),
        f.field.title,
        `${f.field.maturityNow ?? '–'} → ${f.field.maturityTarget ?? '–'}`,
        formatNumber(f.measures.length),
        formatNumber(doc.ideas.filter((idea) => idea.actionFieldKey === f.field.key).length),
      ]),
      size: tableSize,
      summary: 'Ausgewählte Handlungsfelder nach Priorität',
    });
  for (const f of fields) {
    const table = layoutTable(w, {
      columns: [
        { header: 'Angabe', width: 1 },
        { header: 'Handlungsfeld', width: 3.2 },
      ],
      rows: fieldRows(f),
      headerRow: false,
      rowHeaders: true,
      size: tableSize,
      summary: `Handlungsfeld ${f.field.title}`,
      after: 6,
    });
    // A field's profile is short: heading, table and scale stay on one page.
    const scale = hasMaturity(f) ? maturityScaleHeight : 0;
    keepTogether(w, subsectionHeight(w, `${s.number}.${f.number}`, f.field.title) + table.height + scale);
    const sub = subsection(s, `${s.number}.${f.number}`, f.field.title);
    drawTable(w, sub, table);
    if (scale > 0) drawMaturityScale(w, f);
    sub.end();
  }
  s.sect.end();
}

/** 4 Maßnahmen: per field an overview table, then a fact sheet per measure. */
function renderMeasures({ w, fields, standOn, section, subsection, paragraph }: Context): void {
  const none = fields.every((f) => f.measures.length === 0);
  const s = section('measures', none ? { shortContent: 2 * w.lineHeight(bodySize) } : {});
  if (none) {
    paragraph(s.sect, 'Für diese Fassung sind noch keine Maßnahmen geplant.');
    s.sect.end();
    return;
  }
  paragraph(
    s.sect,
    'Die Maßnahmen sind je Handlungsfeld nach der Rangfolge der Werkstatt geordnet. Auf die Übersicht ' +
      'jedes Handlungsfelds folgen die Steckbriefe der Maßnahmen mit Verantwortlichen, Ressourcen, ' +
      'Finanzierung, Indikatoren und Umsetzungsschritten.',
  );
  for (const f of fields) {
    const number = `${s.number}.${f.number}`;
    if (f.measures.length === 0) {
      const sub = subsection(s, number, f.field.title);
      paragraph(sub, 'Für dieses Handlungsfeld sind noch keine Maßnahmen geplant.');
      sub.end();
      continue;
    }
    const budget = f.measures.reduce((sum, m) => sum + (m.measure.budgetCents ?? 0), 0);
    const overview = layoutTable(w, {
      columns: [
        { header: 'Maßnahme', width: 3.2 },
        { header: 'Verantwortlich', width: 1.9 },
        { header: 'Zeitraum', width: 1.8 },
        { header: 'Status', width: 1.45 },
        { header: 'Budget', width: 1.45, align: 'right' },
      ],
      rows: [
        ...f.measures.map((m): Rich[] => [
          [{ text: `${m.id}  `, style: 'bold' }, { text: m.measure.title }],
          m.measure.lead ?? '–',
          period(m.measure),
          statusText(m.measure, standOn),
          m.measure.budgetCents === null ? '–' : formatMoney(m.measure.budgetCents),
        ]),
        [[{ text: 'Summe', style: 'bold' }], '', '', '', [{ text: formatMoney(budget), style: 'bold' }]],
      ],
      size: tableSize,
      summary: `Maßnahmen im Handlungsfeld ${f.field.title}`,
    });
    // An overview that fits on a page stays on one page with its heading.
    keepTogether(w, subsectionHeight(w, number, f.field.title) + overview.height);
    const sub = subsection(s, number, f.field.title);
    drawTable(w, sub, overview);
    for (const m of f.measures) drawFactSheet(w, sub, m, standOn);
    sub.end();
  }
  s.sect.end();
}

/** 5 Roadmap: the Gantt chart, and the measures that have no fixed period yet. */
function renderRoadmap({ w, fields, standOn, section, paragraph }: Context): void {
  const s = section('roadmap');
  const dated: GanttField[] = fields.map((f) => ({
    title: `${f.number} ${f.field.title}`,
    color: f.color,
    bars: f.measures
      .filter((m) => m.measure.startDate && m.measure.endDate)
      .map((m) => ({
        label: `${m.id}  ${m.measure.title}${isOverdue(m.measure, standOn) ? ' – überfällig' : ''}`,
        start: m.measure.startDate!,
        end: m.measure.endDate!,
        progress: m.measure.progress,
        status: m.measure.status,
      })),
  }));
  const undated = fields.flatMap((f) => f.measures.filter((m) => !m.measure.startDate || !m.measure.endDate));
  const datedCount = dated.reduce((sum, f) => sum + f.bars.length, 0);
  if (datedCount > 0) {
    paragraph(
      s.sect,
      `Der Zeitplan zeigt ${plural(datedCount, 'Maßnahme', 'Maßnahmen')} mit festem Zeitraum nach Quartalen. ` +
        `Die gestrichelte Linie markiert den Stand dieser Fassung (${formatDate(standOn)}).`,
    );
    drawGantt(w, s.sect, dated, standOn);
  } else {
    paragraph(s.sect, 'Für die Maßnahmen dieser Fassung sind noch keine Zeiträume festgelegt.');
  }
  if (undated.length > 0) {
    w.ensure(w.lineHeight(bodySize) * 2 + 4 * w.lineHeight(tableSize));
    w.y += 6;
    paragraph(
      s.sect,
      [
        { text: 'Maßnahmen ohne festen Zeitraum. ', style: 'bold' },
        { text: 'Für sie ist erst festgelegt, wann sie beginnen sollen.' },
      ],
      4,
    );
    drawTable(w, s.sect, {
      columns: [
        { header: 'Maßnahme', width: 3.4 },
        { header: 'Handlungsfeld', width: 2.2 },
        { header: 'Beginn', width: 1.8 },
        { header: 'Status', width: 1.5 },
      ],
      rows: undated.map((m) => [
        [{ text: `${m.id}  `, style: 'bold' }, { text: m.measure.title }],
        m.field.field.title,
        startText(m.measure),
        statusText(m.measure, standOn),
      ]),
      size: tableSize,
      summary: 'Maßnahmen ohne festen Zeitraum',
    });
  }
  s.sect.end();
}

/** 6 Ideenspeicher: ideas not yet planned, most votes first. */
function renderIdeas({ w, doc, fields, section, paragraph }: Context): void {
  const s = section('ideas');
  const fieldTitle = new Map(fields.map((f) => [f.field.key, f.field.title]));
  const open = doc.ideas
    .filter((idea) => idea.status === 'new' || idea.status === 'parked')
    .sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title, 'de'));
  if (open.length === 0) {
    paragraph(s.sect, 'Alle gesammelten Ideen sind als Maßnahme eingeplant oder abgelehnt.');
  } else {
    paragraph(
      s.sect,
      `Der Ideenspeicher enthält ${plural(open.length, 'Projektidee', 'Projektideen')} aus der Werkstatt und ` +
        'der Fortschreibung, die noch nicht als Maßnahme eingeplant sind, geordnet nach der Zahl der Stimmen. ' +
        'Bei der nächsten Fortschreibung wird entschieden, welche davon Maßnahmen werden.',
    );
    drawTable(w, s.sect, {
      columns: [
        { header: 'Idee', width: 4.4 },
        { header: 'Handlungsfeld', width: 2 },
        { header: 'Stimmen', width: 0.9, align: 'right' },
        { header: 'Status', width: 1.1 },
      ],
      rows: open.map((idea): Rich[] => [
        idea.description
          ? [
              { text: idea.title, style: 'bold' },
              { text: `\n${idea.description}`, color: colors.muted },
            ]
          : [{ text: idea.title, style: 'bold' }],
        fieldTitle.get(idea.actionFieldKey) ?? '',
        formatNumber(idea.votes),
        ideaStatusLabel[idea.status],
      ]),
      size: tableSize,
      summary: 'Noch nicht eingeplante Projektideen nach Stimmen',
    });
  }
  s.sect.end();
}

/** 7 Nächste Schritte: open steps of running measures by due date. */
function renderNextSteps({ w, doc, fields, standOn, section, paragraph }: Context): void {
  const s = section('next');
  const steps = fields
    .flatMap((f) => f.measures)
    .filter((m) => m.measure.status !== 'done' && m.measure.status !== 'dropped')
    .flatMap((m) => m.measure.steps.filter((step) => !step.doneAt).map((step) => ({ step, m })))
    .sort((a, b) => {
      const da = a.step.dueOn ?? '9999-12-31';
      const db = b.step.dueOn ?? '9999-12-31';
      return da < db ? -1 : da > db ? 1 : compareIds(a.m.id, b.m.id);
    });
  if (steps.length === 0) {
    if (fields.some((f) => f.measures.length > 0)) {
      paragraph(s.sect, 'Zu den laufenden Maßnahmen sind keine offenen Umsetzungsschritte erfasst.');
    }
  } else {
    const overdue = steps.filter((x) => x.step.dueOn && x.step.dueOn < standOn).length;
    paragraph(
      s.sect,
      `Offen sind ${plural(steps.length, 'Umsetzungsschritt', 'Umsetzungsschritte')}, geordnet nach Fälligkeit` +
        (overdue > 0
          ? `; ${plural(overdue, 'Schritt ist', 'Schritte sind')} zum Stand dieser Fassung überfällig.`
          : '.'),
    );
    drawTable(w, s.sect, {
      columns: [
        { header: 'Fällig bis', width: 1.2 },
        { header: 'Umsetzungsschritt', width: 3.2 },
        { header: 'Maßnahme', width: 3 },
        { header: 'Verantwortlich', width: 1.8 },
      ],
      rows: steps.map(({ step, m }): Rich[] => [
        step.dueOn
          ? step.dueOn < standOn
            ? [{ text: formatDate(step.dueOn) }, { text: '\nüberfällig', style: 'bold', color: overdueColor }]
            : formatDate(step.dueOn)
          : 'ohne Termin',
        step.title,
        [{ text: `${m.id}  `, style: 'bold' }, { text: m.measure.title }],
        m.measure.lead ?? '–',
      ]),
      size: tableSize,
      summary: 'Offene Umsetzungsschritte nach Fälligkeit',
    });
  }
  if (doc.strategy.nextReviewOn) {
    w.ensure(3 * w.lineHeight(bodySize));
    w.y += 4;
    paragraph(s.sect, [
      { text: 'Fortschreibung: ', style: 'bold' },
      {
        text:
          `Der Stand der Maßnahmen und die Erreichung der Ziele werden bis zum ${formatLongDate(doc.strategy.nextReviewOn)} ` +
          'überprüft; die Strategie wird dann fortgeschrieben und dem Rat erneut vorgelegt.',
      },
    ]);
  }
  s.sect.end();
}

function viewFields(doc: StrategyDocument): FieldView[] {
  const fields: FieldView[] = [...doc.actionFields]
    .sort((a, b) => a.priority - b.priority || a.title.localeCompare(b.title, 'de'))
    .map((field, i) => ({
      field,
      number: i + 1,
      color: fieldPalette[i % fieldPalette.length]!,
      measures: [],
    }));
  const byKey = new Map(fields.map((f) => [f.field.key, f]));
  const sorted = [...doc.measures].sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title, 'de'));
  for (const measure of sorted) {
    const field = byKey.get(measure.actionFieldKey)!;
    field.measures.push({ measure, id: `${field.number}.${field.measures.length + 1}`, field });
  }
  return fields;
}

function compareIds(a: string, b: string): number {
  const [af, am] = a.split('.').map(Number) as [number, number];
  const [bf, bm] = b.split('.').map(Number) as [number, number];
  return af - bf || am - bm;
}

function entry(toc: TocEntry[], number: string): TocEntry {
  return toc.find((e) => e.number === number)!;
}

/**
 * Situation, Leitbild, fields and measures are always there (saying plainly what is missing); the
 * roadmap only with measures, the idea store only with ideas, next steps with measures or a review
 * date, and the Beschlussvorschlag only when a council meeting is named.
 */
function planChapters(doc: StrategyDocument, fields: FieldView[]): Chapter[] {
  const hasMeasures = fields.some((f) => f.measures.length > 0);
  const wanted: [ChapterKey, string, boolean][] = [
    ['situation', 'Ausgangslage', true],
    ['vision', 'Leitbild', true],
    ['fields', 'Handlungsfelder', true],
    ['measures', 'Maßnahmen', true],
    ['roadmap', 'Roadmap', hasMeasures],
    ['ideas', 'Ideenspeicher', doc.ideas.length > 0],
    ['next', 'Nächste Schritte', hasMeasures || doc.strategy.nextReviewOn !== null],
    ['resolution', 'Beschlussvorschlag', doc.resolution !== null],
  ];
  return wanted
    .filter(([, , present]) => present)
    .map(([key, title], i) => ({ key, title, number: String(i + 1) }));
}

function planToc(doc: StrategyDocument, fields: FieldView[], chapters: Chapter[]): TocEntry[] {
  const e = (level: 1 | 2, number: string, title: string): TocEntry => ({
    level,
    number,
    title,
    page: 0,
  });
  const hasWorkshops = doc.workshops.length > 0;
  const hasMeasures = fields.some((f) => f.measures.length > 0);
  return chapters.flatMap(({ key, number: n, title }) => {
    const entries = [e(1, n, title)];
    if (key === 'situation') {
      if (hasWorkshops) {
        entries.push(e(2, `${n}.1`, doc.workshops.length === 1 ? 'Die Werkstatt' : 'Die Werkstätten'));
      }
      entries.push(e(2, `${n}.${hasWorkshops ? 2 : 1}`, 'Vorgehen'));
    }
    if (key === 'fields' || (key === 'measures' && hasMeasures)) {
      entries.push(...fields.map((f) => e(2, `${n}.${f.number}`, f.field.title)));
    }
    return entries;
  });
}

interface TocLayout {
  pages: number;
  placed: { page: number; y: number; lines: ReturnType<Writer['wrap']>; size: number; indent: number }[];
}

const tocHeadingHeight = 20 * 1.326 + 4 + 14;
const tocNumberWidth = 34;
const tocPageWidth = 36;

function layoutToc(w: Writer, toc: TocEntry[]): TocLayout {
  const placed: TocLayout['placed'] = [];
  let page = 0;
  let y = w.g.top + tocHeadingHeight;
  for (const e of toc) {
    const size = e.level === 1 ? 11.5 : 10.5;
    const indent = e.level === 1 ? 0 : tocNumberWidth;
    const width = w.contentWidth - indent - tocNumberWidth - tocPageWidth;
    const lines = w.wrap(e.title, width, size, e.level === 1 ? 'bold' : 'regular');
    const before = e.level === 1 ? 9 : 2;
    const height = before + lines.length * w.lineHeight(size);
    if (y + height > w.g.bottom) {
      page++;
      y = w.g.top;
    }
    placed.push({ page, y: y + before, lines, size, indent });
    y += height;
  }
  return { pages: page + 1, placed };
}

function drawToc(
  w: Writer,
  sect: StructElement,
  toc: TocEntry[],
  layout: TocLayout,
  firstPage: number,
): void {
  w.switchToPage(firstPage);
  w.y = w.g.top;
  w.text(sect, 'H1', 'Inhalt', { size: 20, style: 'bold', color: colors.primary, after: 4 });
  w.artifact(() => w.hline(w.g.left, w.g.right, w.y, colors.primary, 1));
  const list = w.elem(sect, 'TOC');
  let current = 0;
  toc.forEach((e, i) => {
    const place = layout.placed[i]!;
    if (place.page !== current) {
      current = place.page;
      w.switchToPage(firstPage + current);
    }
    const style = e.level === 1 ? 'bold' : 'regular';
    const item = w.elem(list, 'TOCI');
    const ref = w.elem(item, 'Reference');
    const lh = w.lineHeight(place.size);
    const x = w.g.left + place.indent;
    const textX = x + tocNumberWidth;
    const numberLine = withTrailingSpace(w.wrap(e.number, tocNumberWidth, place.size, style)[0]!);
    const pageLine = w.wrap(String(e.page), tocPageWidth, place.size, style)[0]!;
    const last = place.lines[place.lines.length - 1]!;
    const lastY = place.y + (place.lines.length - 1) * lh;
    w.mark(ref, 'Reference', () => {
      w.drawLine(numberLine, x, place.y, place.size);
      place.lines.forEach((line, k) => {
        w.drawLine(
          k === place.lines.length - 1 ? withTrailingSpace(line) : line,
          textX,
          place.y + k * lh,
          place.size,
        );
      });
      w.drawLine(pageLine, w.g.right - tocPageWidth, lastY, place.size, 'right', tocPageWidth);
    });
    w.artifact(() => {
      const from = textX + last.width + 6;
      const to = w.g.right - pageLine.width - 6;
      if (to - from > 6) {
        w.doc
          .moveTo(from, lastY + place.size * 0.95)
          .lineTo(to, lastY + place.size * 0.95)
          .dash(0.6, { space: 2.4 })
          .lineWidth(0.8)
          .stroke(colors.rule)
          .undash();
      }
    });
    ref.end();
    item.end();
  });
  list.end();
}

function drawCover(w: Writer, root: StructElement, doc: StrategyDocument, standOn: string): void {
  const { left, right } = w.g;
  const width = right - left;
  const kind = municipalityKindLabel[doc.municipality.kind];
  const showKind = !doc.municipality.name.toLowerCase().startsWith(kind.toLowerCase());
  // The logo sits in a white card at the right of the band; the band's texts keep clear of it.
  const logo = doc.logo ? { x: right - logoCard.width, y: 72 } : null;
  const bandWidth = logo ? width - logoCard.width - 24 : width;
  // Long names and titles are set smaller, and everything flows, so nothing on the cover can collide.
  const nameSize = w.wrap(doc.municipality.name, bandWidth, 24, 'bold').length > 2 ? 17 : 24;
  const bandHeight = Math.max(
    300,
    logo ? logo.y + logoCard.height + 40 : 0,
    96 +
      w.wrap(doc.program.name, bandWidth, 13).length * w.lineHeight(13) +
      30 +
      (showKind ? w.lineHeight(12) + 2 : 0) +
      w.wrap(doc.municipality.name, bandWidth, nameSize, 'bold').length * w.lineHeight(nameSize) +
      40,
  );
  w.artifact(() => {
    w.rect(0, 0, w.g.width, bandHeight, colors.primary);
    w.rect(0, bandHeight, w.g.width, 6, '#e07b00');
    if (logo) w.rect(logo.x, logo.y, logoCard.width, logoCard.height, '#ffffff');
  });
  if (logo && doc.logo) {
    const figure = w.elem(root, 'Figure', {
      alt: `Wappen bzw. Logo: ${doc.municipality.name}`,
      bbox: [logo.x, logo.y, logo.x + logoCard.width, logo.y + logoCard.height],
    });
    w.mark(figure, 'Figure', () => {
      w.doc.image(Buffer.from(doc.logo!.png), logo.x + 8, logo.y + 8, {
        fit: [logoCard.width - 16, logoCard.height - 16],
        align: 'center',
        valign: 'center',
      });
    });
    figure.end();
  }
  w.y = 96;
  w.text(root, 'P', doc.program.name, { size: 13, color: tint('#ffffff', 0.8), width: bandWidth, after: 30 });
  if (showKind) w.text(root, 'P', kind, { size: 12, color: '#dbe6f2', width: bandWidth, after: 2 });
  w.text(root, 'P', doc.municipality.name, {
    size: nameSize,
    style: 'bold',
    color: '#ffffff',
    width: bandWidth,
  });
  w.y = bandHeight + 60;
  // The title is shown once: "Digitalstrategie" stands above a title that does not already say it.
  const title = doc.strategy.title;
  if (/digitalstrategie/i.test(title)) {
    const size = w.wrap(title, width, 32, 'bold').length > 3 ? 22 : 32;
    w.text(root, 'H1', title, { size, style: 'bold', color: colors.primary, width, after: 28 });
  } else {
    const titleSize = w.wrap(title, width, 17).length > 3 ? 13 : 17;
    w.text(root, 'H1', 'Digitalstrategie', {
      size: 40,
      style: 'bold',
      color: colors.primary,
      width,
      after: 6,
    });
    w.text(root, 'P', title, { size: titleSize, color: colors.text, width, after: 28 });
  }
  w.artifact(() => w.rect(left, w.y, 60, 3, '#e07b00'));
  w.y += 18;
  const facts: Rich[] = [
    [{ text: 'Fassung: ', style: 'bold' }, { text: doc.version.label }],
    [{ text: 'Stand: ', style: 'bold' }, { text: formatLongDate(standOn) }],
    [{ text: 'Status: ', style: 'bold' }, { text: adoptionText(doc) }],
  ];
  if (doc.strategy.nextReviewOn) {
    facts.push([
      { text: 'Nächste Fortschreibung: ', style: 'bold' },
      { text: formatLongDate(doc.strategy.nextReviewOn) },
    ]);
  }
  for (const fact of facts) w.text(root, 'P', fact, { size: 12, width, after: 5 });
  w.y = Math.max(w.y + 16, w.g.bottom - 30);
  w.text(root, 'P', `Erarbeitet im Programm „${doc.program.name}“`, { size: 10, color: colors.muted, width });
}

const logoCard = { width: 110, height: 130 };

function adoptionText(doc: StrategyDocument): string {
  const s = doc.strategy;
  if (s.status !== 'adopted') return `${strategyStatusLabel.draft}, noch nicht vom Rat beschlossen`;
  const on = s.adoptedOn ? ` am ${formatLongDate(s.adoptedOn)}` : '';
  const resolution = s.councilResolution ? ` (${s.councilResolution})` : '';
  return `vom Rat beschlossen${on}${resolution}`;
}

/** "a", "a und b", "a, b und c". */
function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} und ${items.at(-1)}`;
}

/** The story of one workshop day: when, where, with whom, how many, moderated by whom. */
function workshopStory(workshop: Workshop, municipality: string, many: boolean, i: number): string {
  const p = workshop.participants;
  const total = p.politics + p.administration + p.citizen + p.business + p.other;
  const place = [workshop.venue, workshop.city].filter(Boolean).join(', ');
  const where = workshop.format === 'online' ? ' (online)' : place ? ` (${place})` : '';
  const sentences = [
    `${many ? `Die ${i + 1}. Werkstatt` : 'Die Werkstatt'} fand am ${weekday(workshop.date)}, ` +
      `${formatLongDate(workshop.date)}, von ${workshop.start} bis ${workshop.end} Uhr statt${where}.`,
  ];
  if (workshop.partnerMunicipalities.length > 0) {
    sentences.push(
      `Beteiligt ${workshop.partnerMunicipalities.length === 1 ? 'war' : 'waren'} außerdem: ${listing(workshop.partnerMunicipalities)}.`,
    );
  }
  if (total > 0) {
    const roles = (Object.keys(participantRoleLabel) as (keyof typeof participantRoleLabel)[])
      .filter((role) => p[role] > 0)
      .map((role) => `${participantRoleLabel[role]} (${formatNumber(p[role])})`);
    sentences.push(
      `Aus der ${municipality} ${total === 1 ? 'wirkte' : 'wirkten'} ${plural(total, 'Person', 'Personen')} ` +
        `mit: ${listing(roles)}.`,
    );
  }
  if (workshop.moderators.length > 0) {
    sentences.push(
      `Moderiert ${workshop.moderators.length === 1 ? 'hat' : 'haben'} ${listing(workshop.moderators)}.`,
    );
  }
  return sentences.join(' ');
}

function situationParagraphs(doc: StrategyDocument, fields: FieldView[], standOn: string): Rich[] {
  const paragraphs: Rich[] = [];
  const measures = fields.reduce((sum, f) => sum + f.measures.length, 0);
  paragraphs.push(
    `Die ${doc.municipality.name} erarbeitet ihre Digitalstrategie im Programm „${doc.program.name}“.`,
  );
  doc.workshops.forEach((workshop, i) => {
    paragraphs.push(workshopStory(workshop, doc.municipality.name, doc.workshops.length > 1, i));
  });
  const titles = fields.map((f) => `„${f.field.title}“`);
  paragraphs.push(
    (fields.length === 1
      ? `Gewählt wurde das Handlungsfeld ${titles[0]}. `
      : `Gewählt wurden die Handlungsfelder ${listing(titles)}, in der Reihenfolge ihrer Priorität. `) +
      `Diese Fassung („${doc.version.label}“, Stand ${formatDate(standOn)}) umfasst ` +
      `${plural(fields.length, 'Handlungsfeld', 'Handlungsfelder')} und ${count(measures, 'Maßnahme', 'Maßnahmen')}.`,
  );
  if (doc.strategy.summary) paragraphs.push(doc.strategy.summary);
  paragraphs.push([{ text: 'Status: ', style: 'bold' }, { text: `${adoptionText(doc)}.` }]);
  return paragraphs;
}

function methodParagraphs(doc: StrategyDocument, fields: FieldView[], chapters: Chapter[]): Rich[] {
  const ideas = doc.ideas.length;
  const measures = fields.reduce((s, f) => s + f.measures.length, 0);
  const numberOf = (key: ChapterKey) => chapters.find((c) => c.key === key)?.number;
  // Only chapters this version has are pointed to.
  const pointers = [
    measures > 0 && `jede Maßnahme ist in Kapitel ${numberOf('measures')} als Steckbrief beschrieben`,
    numberOf('roadmap') && `Kapitel ${numberOf('roadmap')} zeigt den Zeitplan`,
    numberOf('ideas') && `Kapitel ${numberOf('ideas')} den Ideenspeicher`,
    numberOf('next') && measures > 0 && `Kapitel ${numberOf('next')} die nächsten Umsetzungsschritte`,
  ].filter((x): x is string => Boolean(x));
  const pointerText = pointers.length > 0 ? ` ${capitalise(pointers.join('; '))}.` : '';
  return [
    'In der ganztägigen Werkstatt stellt das Moderationsteam an Infostationen die Handlungsfelder des Programms ' +
      'mit Beispielmaßnahmen vor. Die Teilnehmenden wählen die Handlungsfelder, die für ihre Kommune am ' +
      'wichtigsten sind, setzen sich für jedes ein Ziel, sammeln Ideen und Maßnahmen mit einer Schätzung der Dauer, ' +
      'bringen die Maßnahmen in eine Rangfolge und planen die wichtigsten anhand der Kernfragen eines Projekts: ' +
      'Was ist das Ergebnis? Wer ist die Zielgruppe? Wer muss beteiligt werden? Wer ist verantwortlich? Welche ' +
      'Ressourcen werden gebraucht?',
    `${resultSentence(fields.length, measures, ideas)}${pointerText} Monitoring und regelmäßige ` +
      'Fortschreibung halten die Strategie aktuell.',
  ];
}

/** What came out so far, naming only what exists and saying plainly what is still missing. */
function resultSentence(fieldCount: number, measures: number, ideas: number): string {
  const made = [plural(fieldCount, 'Handlungsfeld', 'Handlungsfelder')];
  const missing: string[] = [];
  if (measures > 0) made.push(plural(measures, 'Maßnahme', 'Maßnahmen'));
  else missing.push('Maßnahmen');
  if (ideas > 0) made.push(plural(ideas, 'Projektidee', 'Projektideen'));
  else missing.push('Projektideen');
  const verb = made.length === 1 && fieldCount === 1 ? 'ist' : 'sind';
  const rest = missing.length > 0 ? ` ${listing(missing)} sind noch nicht erfasst.` : '';
  return `Daraus ${verb} bisher ${listing(made)} entstanden.${rest}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The Beschlussvorschlag: the council, its meeting and agenda item, and the resolution to be taken. */
function renderResolution({ doc, fields, standOn, section, paragraph, w }: Context): void {
  const resolution = doc.resolution as Resolution;
  const s = section('resolution', { newPage: true });
  const facts: Rich[] = [[{ text: 'Gremium: ', style: 'bold' }, { text: resolution.body }]];
  if (resolution.meetingOn) {
    facts.push([
      { text: 'Sitzung am: ', style: 'bold' },
      { text: `${weekday(resolution.meetingOn)}, ${formatLongDate(resolution.meetingOn)}` },
    ]);
  }
  if (resolution.agendaItem) {
    facts.push([{ text: 'Tagesordnungspunkt: ', style: 'bold' }, { text: resolution.agendaItem }]);
  }
  facts.forEach((fact, i) => {
    paragraph(s.sect, fact, i === facts.length - 1 ? 14 : 3);
  });
  const measures = fields.reduce((sum, f) => sum + f.measures.length, 0);
  paragraph(s.sect, [{ text: 'Beschlussvorschlag', style: 'bold' }], 4);
  const items = [
    `Der ${resolution.body} beschließt die Digitalstrategie „${doc.strategy.title}“ in der Fassung ` +
      `„${doc.version.label}“ vom ${formatLongDate(standOn)} mit ` +
      `${plural(fields.length, 'Handlungsfeld', 'Handlungsfeldern')}` +
      (measures > 0 ? ` und ${plural(measures, 'Maßnahme', 'Maßnahmen')}.` : '.'),
    measures > 0
      ? 'Die Verwaltung wird beauftragt, die Maßnahmen im Rahmen der verfügbaren Haushaltsmittel umzusetzen.'
      : 'Die Verwaltung wird beauftragt, zu den Handlungsfeldern Maßnahmen auszuarbeiten und dem Rat vorzulegen.',
    doc.strategy.nextReviewOn
      ? `Die Verwaltung berichtet bis zum ${formatLongDate(doc.strategy.nextReviewOn)} über den Stand und legt ` +
        'die fortgeschriebene Strategie erneut vor.'
      : 'Die Verwaltung berichtet regelmäßig über den Stand der Umsetzung.',
  ];
  items.forEach((text, i) => {
    w.ensure(2 * w.lineHeight(bodySize));
    paragraph(s.sect, `${i + 1}. ${text}`, 5);
  });
  s.sect.end();
}

function workshopRows(workshop: Workshop): Rich[][] {
  const p = workshop.participants;
  const total = p.politics + p.administration + p.citizen + p.business + p.other;
  const roles = (Object.keys(participantRoleLabel) as (keyof typeof participantRoleLabel)[])
    .filter((role) => p[role] > 0)
    .map((role) => `${participantRoleLabel[role]}: ${formatNumber(p[role])}`)
    .join(', ');
  const place = [workshop.venue, workshop.city].filter(Boolean).join(', ');
  const rows: Rich[][] = [
    ['Datum', `${weekday(workshop.date)}, ${formatLongDate(workshop.date)}`],
    ['Uhrzeit', `${workshop.start}–${workshop.end} Uhr`],
    ['Format', workshopFormatLabel[workshop.format]],
  ];
  if (place) rows.push(['Ort', place]);
  if (workshop.partnerMunicipalities.length > 0) {
    rows.push(['Gemeinsam mit', workshop.partnerMunicipalities.join(', ')]);
  }
  rows.push([
    'Teilnehmende',
    total > 0 ? `${plural(total, 'Person', 'Personen')} (${roles})` : 'keine Angabe',
  ]);
  if (workshop.moderators.length > 0) rows.push(['Moderation', workshop.moderators.join(', ')]);
  return rows;
}

const weekdays = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];
function weekday(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

function fieldRows(f: FieldView): Rich[][] {
  const rows: Rich[][] = [['Priorität', String(f.field.priority)]];
  if (f.field.goal) rows.push(['Ziel', f.field.goal]);
  if (f.field.rationale) rows.push(['Begründung', f.field.rationale]);
  const level = (value: number | null) =>
    value === null ? 'nicht eingeschätzt' : `${value} von 4 (${maturityLabel[value]})`;
  rows.push(['Reifegrad', `heute ${level(f.field.maturityNow)}, Ziel ${level(f.field.maturityTarget)}`]);
  const budget = f.measures.reduce((sum, m) => sum + (m.measure.budgetCents ?? 0), 0);
  const running = f.measures.filter((m) => m.measure.status === 'in_progress').length;
  rows.push([
    'Maßnahmen',
    f.measures.length === 0
      ? 'noch keine'
      : `${plural(f.measures.length, 'Maßnahme', 'Maßnahmen')}, davon ${formatNumber(running)} in Umsetzung; ` +
        `Budget zusammen ${formatMoney(budget)}`,
  ]);
  return rows;
}

const hasMaturity = (f: FieldView) => f.field.maturityNow !== null || f.field.maturityTarget !== null;

/** Four steps 1–4: solid up to today's maturity, light up to the target. The table row says the same in words. */
function drawMaturityScale(w: Writer, f: FieldView): void {
  w.ensure(maturityScaleHeight);
  const top = w.y;
  const step = 56;
  const x0 = w.g.left + 118;
  w.artifact(() => {
    const caption = w.wrap('Reifegrad', 100, 7.5, 'bold', colors.muted)[0];
    if (caption) w.drawLine(caption, w.g.left + 5, top, 7.5);
    for (let level = 1; level <= 4; level++) {
      const x = x0 + (level - 1) * (step + 3);
      const color =
        level <= (f.field.maturityNow ?? 0)
          ? f.color
          : level <= (f.field.maturityTarget ?? 0)
            ? tint(f.color, 0.3)
            : '#e6eaef';
      w.rect(x, top + 1, step, 8, color);
      const label = w.wrap(`${level} ${maturityLabel[level]}`, step + 3, 6.5, 'regular', colors.muted)[0];
      if (label) w.drawLine(label, x, top + 10, 6.5, 'center', step);
    }
    let x = x0 + 4 * (step + 3) + 14;
    for (const [text, color] of [
      ['heute', f.color],
      ['Ziel', tint(f.color, 0.3)],
    ] as const) {
      w.rect(x, top + 1, 8, 8, color);
      const line = w.wrap(text, 60, 7.5, 'regular', colors.muted)[0]!;
      w.drawLine(line, x + 11, top, 7.5);
      x += 11 + line.width + 12;
    }
  });
  w.y = top + maturityScaleHeight;
}

function period(m: Measure): string {
  if (m.startDate || m.endDate) return formatPeriod(m.startDate, m.endDate);
  if (m.startWindow) return `Beginn ${startWindowLabel[m.startWindow]}`;
  return 'offen';
}

function startText(m: Measure): string {
  const parts: string[] = [];
  if (m.startWindow) parts.push(startWindowLabel[m.startWindow]);
  if (m.startDate) parts.push(`ab ${formatDate(m.startDate)}`);
  if (m.endDate) parts.push(`bis ${formatDate(m.endDate)}`);
  return parts.length > 0 ? parts.join(', ') : 'offen';
}

/**
 * The API's rule, on the day of the version: a measure that is neither done nor dropped is overdue when
 * its end date or the due date of an open step has passed.
 */
function isOverdue(m: Measure, standOn: string): boolean {
  if (m.status === 'done' || m.status === 'dropped') return false;
  if (m.endDate && m.endDate < standOn) return true;
  return m.steps.some((step) => !step.doneAt && step.dueOn !== null && step.dueOn < standOn);
}

/**
 * A running measure whose steps are all done keeps the status the municipality set (only it may close
 * the measure), and says that every step is done, so the council does not read a contradiction.
 */
function allStepsDone(m: Measure): boolean {
  return m.status === 'in_progress' && m.steps.length > 0 && m.steps.every((step) => step.doneAt);
}

/** Status notes after the label, in the overview tables and the fact sheet alike. */
function statusNotes(m: Measure, standOn: string): string[] {
  const notes: string[] = [];
  if (allStepsDone(m)) notes.push('alle Schritte erledigt');
  if (isOverdue(m, standOn)) notes.push('überfällig');
  return notes;
}

function statusText(m: Measure, standOn: string): Rich {
  const label = measureStatusLabel[m.status];
  const text = m.status === 'in_progress' ? `${label} (${m.progress}\u00a0%)` : label;
  return [
    { text },
    ...statusNotes(m, standOn).map((note) => ({
      text: `, ${note}`,
      ...(note === 'überfällig' ? { style: 'bold' as const, color: overdueColor } : {}),
    })),
  ];
}

const overdueColor = '#b0281a';

function drawFactSheet(w: Writer, parent: StructElement, m: MeasureView, standOn: string): void {
  const measure = m.measure;
  const rows: Rich[][] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value?.trim()) rows.push([label, value]);
  };
  const status =
    measure.status === 'in_progress' || measure.progress > 0
      ? `${measureStatusLabel[measure.status]}, Fortschritt ${measure.progress}\u00a0%`
      : measureStatusLabel[measure.status];
  add('Beschreibung', measure.description);
  add('Erwartetes Ergebnis', measure.expectedResult);
  add('Zielgruppe', measure.targetGroup);
  add('Verantwortlich', measure.lead);
  add('Beteiligte', measure.participants);
  add('Ressourcen', measure.resources);
  add('Beginn', measure.startWindow ? startWindowLabel[measure.startWindow] : null);
  add(
    'Zeitraum',
    [
      measure.startDate && `ab ${formatDate(measure.startDate)}`,
      measure.endDate && `bis ${formatDate(measure.endDate)}`,
    ]
      .filter(Boolean)
      .join(' '),
  );
  rows.push([
    'Status',
    [
      { text: status },
      ...statusNotes(measure, standOn).map((note) => ({
        text: `; ${note}`,
        ...(note === 'überfällig' ? { style: 'bold' as const, color: overdueColor } : {}),
      })),
    ],
  ]);
  add('Budget', measure.budgetCents === null ? null : formatMoney(measure.budgetCents));
  add(
    'Finanzierung',
    [measure.fundingSource, measure.grantProgram && `Förderprogramm: ${measure.grantProgram}`]
      .filter(Boolean)
      .join('; '),
  );
  const tables = [
    layoutTable(w, {
      columns: [
        { header: 'Angabe', width: 1 },
        { header: 'Steckbrief', width: 3.6 },
      ],
      rows,
      headerRow: false,
      rowHeaders: true,
      size: tableSize,
      summary: `Steckbrief der Maßnahme ${m.id}`,
      after: 6,
    }),
  ];
  if (measure.indicators.length > 0) {
    const value = (unit: string | null, v: number | null) => (v === null ? '–' : formatQuantity(v, unit));
    tables.push(
      layoutTable(w, {
        columns: [
          { header: 'Indikator', width: 3 },
          { header: 'Ausgangswert', width: 1.2, align: 'right' },
          { header: 'Zielwert', width: 1.2, align: 'right' },
          { header: 'Aktueller Wert', width: 1.6, align: 'right' },
        ],
        rows: measure.indicators.map((ind) => [
          ind.name,
          value(ind.unit, ind.baseline),
          value(ind.unit, ind.target),
          ind.current === null
            ? '–'
            : `${value(ind.unit, ind.current)}${ind.currentOn ? ` (${formatDate(ind.currentOn)})` : ''}`,
        ]),
        size: tableSize,
        summary: `Indikatoren der Maßnahme ${m.id}`,
        after: 6,
      }),
    );
  }
  if (measure.steps.length > 0) {
    tables.push(
      layoutTable(w, {
        columns: [
          { header: 'Umsetzungsschritt', width: 4 },
          { header: 'Fällig bis', width: 1.3 },
          { header: 'Erledigt', width: 1.3 },
        ],
        rows: measure.steps.map((step) => [
          step.title,
          step.dueOn ? formatDate(step.dueOn) : '–',
          step.doneAt ? `✓ ${formatDate(berlinDay(step.doneAt))}` : 'offen',
        ]),
        size: tableSize,
        summary: `Umsetzungsschritte der Maßnahme ${m.id}`,
        after: 6,
      }),
    );
  }

  const headingSize = 11.5;
  const heading = w.wrap(
    `Maßnahme ${m.id}: ${measure.title}`,
    w.contentWidth - 9,
    headingSize,
    'bold',
    colors.primary,
  );
  const headingHeight = 10 + heading.length * w.lineHeight(headingSize) + 4;
  // A fact sheet that fits on a page is kept on one page; a longer one starts with at least three rows.
  const whole = headingHeight + tables.reduce((sum, t) => sum + t.height, 0);
  if (whole <= w.g.bottom - w.g.top) w.ensure(whole);
  else w.ensure(headingHeight + 3 * (w.lineHeight(tableSize) + 7));
  w.y += 10;
  const sect = w.elem(parent, 'Sect');
  const top = w.y;
  const h3 = w.elem(sect, 'H3');
  w.drawLines(h3, 'H3', heading, w.g.left + 9, w.contentWidth - 9, { size: headingSize });
  h3.end();
  w.y += 4;
  w.artifact(() => w.rect(w.g.left, top + 1, 3, Math.max(8, w.y - 4 - top - 2), m.field.color));
  for (const table of tables) drawTable(w, sect, table);
  sect.end();
}

function drawRunningHeads(
  w: Writer,
  municipality: string,
  versionLabel: string,
  standOn: string,
  pageCount: number,
) {
  const size = 8.5;
  const numberWidth = 90;
  const head = fitLine(w, `${municipality} · Digitalstrategie`, w.contentWidth, size);
  const version = fitLine(
    w,
    `Fassung „${versionLabel}“ · Stand ${formatDate(standOn)}`,
    w.contentWidth - numberWidth - 10,
    size,
  );
  for (let page = 2; page <= pageCount; page++) {
    w.switchToPage(page);
    w.artifact(() => {
      w.drawLine(head.line, w.g.left, 40, head.size);
      w.hline(w.g.left, w.g.right, 56, colors.rule, 0.6);
      w.hline(w.g.left, w.g.right, w.g.bottom + 18, colors.rule, 0.6);
      w.drawLine(version.line, w.g.left, w.g.bottom + 25, version.size);
      const number = w.wrap(`Seite ${page} von ${pageCount}`, numberWidth, size, 'regular', colors.muted)[0]!;
      w.drawLine(number, w.g.right - numberWidth, w.g.bottom + 25, size, 'right', numberWidth);
    }, 'Pagination');
  }
}

/** A running head on one line: a long name is set smaller, and only past 6 pt shortened with an ellipsis. */
function fitLine(w: Writer, text: string, width: number, size: number) {
  for (let s = size; s >= 6; s -= 0.5) {
    const lines = w.wrap(text, width, s, 'regular', colors.muted);
    if (lines.length === 1) return { line: lines[0]!, size: s };
  }
  let cut = text;
  while (cut.length > 1 && w.measure(`${cut}…`, 'regular', 6) > width) cut = cut.slice(0, -1);
  return { line: w.wrap(`${cut}…`, width, 6, 'regular', colors.muted)[0]!, size: 6 };
}
