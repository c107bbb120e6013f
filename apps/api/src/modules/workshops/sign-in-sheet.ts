import { lazy } from '../../lib/lazy.js';

// pdfkit and the strategy PDF's fonts, loaded with the first sheet (docs/benchmarks.md: RSS).
const pdfLibraries = lazy(() =>
  Promise.all([import('pdfkit'), import('@werkstatt/strategy-pdf')]).then(([pdfkit, pdf]) => ({
    PDFDocument: pdfkit.default,
    fonts: pdf.fonts,
  })),
);

/** One line of the sign-in sheet. */
export interface SheetRow {
  lastName: string;
  firstName: string;
  municipality: string;
  role: string;
}

/** One day of the workshop: its date and time in the header, a signature column in the table. */
export interface SheetDay {
  /** "Freitag, 9. Januar 2032" */
  date: string;
  /** "09:00–17:00 Uhr" */
  time: string;
  /** Above the signature column of a multi-day workshop: "Fr. 09.01." */
  short: string;
}

export interface SheetInput {
  title: string;
  days: SheetDay[];
  place: string;
  /** Sorted by municipality, then by name: each municipality is one group under its full name. */
  rows: SheetRow[];
}

const portrait = { width: 595.28, height: 841.89 };
const margin = 48;
const minRowHeight = 30;
const padding = 4;

/** Number, name and role, then one signature column per day sharing the rest of the width. */
function columnsFor(days: SheetDay[], pageWidth: number) {
  const fixed = [
    { label: 'Nr.', width: 26 },
    { label: 'Name', width: days.length > 2 ? 190 : 175 },
    { label: 'Rolle', width: 80 },
  ];
  const rest = pageWidth - 2 * margin - fixed.reduce((sum, c) => sum + c.width, 0);
  const signatures =
    days.length === 1
      ? [{ label: 'Unterschrift', width: rest }]
      : days.map((d, i) => ({ label: `Unterschrift Tag ${i + 1}\n${d.short}`, width: rest / days.length }));
  return [...fixed, ...signatures];
}

/**
 * A printable A4 sign-in sheet (Teilnehmerliste zum Unterschreiben) with the embedded Source Sans
 * fonts of the strategy PDF, whose full glyph coverage and Unicode map keep "Yılmaz" searchable.
 * Grouped by municipality under its full name (long names wrap, never cut), one signature column
 * per day (landscape from three days on); the workshop and the table header on every page,
 * "Seite x von y" below.
 */
export async function renderSignInSheet(input: SheetInput, creationDate = new Date()): Promise<Buffer> {
  const { PDFDocument, fonts } = await pdfLibraries();
  const landscape = input.days.length > 2;
  const page = landscape ? { width: portrait.height, height: portrait.width } : portrait;
  const pdf = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margin: 0,
    bufferPages: true,
    lang: 'de-DE',
    info: { Title: `Teilnehmerliste: ${input.title}`, Creator: 'Werkstatt', CreationDate: creationDate },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  const parsed = fonts();
  // pdfkit 0.20 takes parsed fontkit fonts.
  pdf.registerFont('Sans', parsed.regular as unknown as string);
  pdf.registerFont('Sans-Bold', parsed.bold as unknown as string);

  const width = page.width - 2 * margin;
  const columns = columnsFor(input.days, page.width);
  const bottom = page.height - margin - 24;
  const line = (y: number, weight: number, color: string) =>
    pdf
      .moveTo(margin, y)
      .lineTo(page.width - margin, y)
      .lineWidth(weight)
      .strokeColor(color)
      .stroke()
      .strokeColor('#000');

  const header = (): number => {
    let y = margin;
    pdf.font('Sans-Bold', 16).fillColor('#000').text(input.title, margin, y, { width });
    y = pdf.y + 4;
    pdf.font('Sans', 10.5);
    const dates =
      input.days.length === 1
        ? [`Datum: ${input.days[0]!.date}, ${input.days[0]!.time}`]
        : input.days.map((d, i) => `Tag ${i + 1}: ${d.date}, ${d.time}`);
    for (const text of [...dates, `Ort: ${input.place}`]) {
      pdf.text(text, margin, y, { width });
      y = pdf.y + 2;
    }
    y += 10;
    pdf.font('Sans-Bold', 10);
    const height = Math.max(
      ...columns.map((c) => pdf.heightOfString(c.label, { width: c.width - 2 * padding })),
    );
    let x = margin;
    for (const c of columns) {
      pdf.text(c.label, x + padding, y + 5, { width: c.width - 2 * padding });
      x += c.width;
    }
    line(y + height + 8, 1, '#000');
    return y + height + 10;
  };

  // The municipality over its group, in full: a long name wraps onto a second line.
  const groupHeading = (name: string, y: number, continued: boolean): number => {
    const text = continued ? `${name} (Fortsetzung)` : name;
    pdf.font('Sans-Bold', 11);
    const height = pdf.heightOfString(text, { width: width - 2 * padding });
    pdf.fillColor('#000').text(text, margin + padding, y + 10, { width: width - 2 * padding });
    line(y + height + 14, 0.75, '#000');
    return y + height + 14;
  };
  const headingHeight = (name: string) => {
    pdf.font('Sans-Bold', 11);
    return pdf.heightOfString(name, { width: width - 2 * padding }) + 14;
  };

  let y = header();
  let group: string | undefined;
  input.rows.forEach((r, i) => {
    const cells = [String(i + 1), `${r.lastName}, ${r.firstName}`, r.role];
    pdf.font('Sans', 10);
    const textHeight = Math.max(
      ...cells.map((text, c) => pdf.heightOfString(text, { width: columns[c]!.width - 2 * padding })),
    );
    const rowHeight = Math.max(minRowHeight, textHeight + 18);
    const starts = r.municipality !== group;
    // A heading never stands alone at the foot of a page.
    const needed = rowHeight + (starts ? headingHeight(r.municipality) : 0);
    if (y + needed > bottom) {
      pdf.addPage();
      y = header();
      y = groupHeading(r.municipality, y, !starts);
    } else if (starts) {
      y = groupHeading(r.municipality, y, false);
    }
    group = r.municipality;
    pdf.font('Sans', 10).fillColor('#000');
    let x = margin;
    cells.forEach((text, c) => {
      pdf.text(text, x + padding, y + 9, { width: columns[c]!.width - 2 * padding });
      x += columns[c]!.width;
    });
    // Separators between the signature fields of the days.
    for (const c of columns.slice(3, -1)) {
      x += c.width;
      pdf
        .moveTo(x, y + 4)
        .lineTo(x, y + rowHeight - 4)
        .lineWidth(0.5)
        .strokeColor('#888')
        .stroke()
        .strokeColor('#000');
    }
    line(y + rowHeight, 0.5, '#888');
    y += rowHeight;
  });
  if (input.rows.length === 0) {
    pdf.font('Sans', 10).text('Keine bestätigten Teilnehmenden.', margin, y + 9);
  }

  const range = pdf.bufferedPageRange();
  for (let p = 0; p < range.count; p++) {
    pdf.switchToPage(range.start + p);
    pdf
      .font('Sans', 9)
      .fillColor('#444')
      .text(`Seite ${p + 1} von ${range.count}`, margin, page.height - margin, {
        width,
        align: 'right',
        lineBreak: false,
      });
  }
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
