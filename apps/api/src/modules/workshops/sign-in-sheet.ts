import { fonts } from '@werkstatt/strategy-pdf';
import PDFDocument from 'pdfkit';

/** One line of the sign-in sheet. */
export interface SheetRow {
  lastName: string;
  firstName: string;
  municipality: string;
  role: string;
}

export interface SheetInput {
  title: string;
  date: string;
  time: string;
  place: string;
  rows: SheetRow[];
}

const A4 = { width: 595.28, height: 841.89 };
const margin = 48;
const rowHeight = 30;
const columns = [
  { label: 'Nr.', width: 30 },
  { label: 'Name', width: 150 },
  { label: 'Kommune', width: 130 },
  { label: 'Rolle', width: 75 },
  { label: 'Unterschrift', width: A4.width - 2 * margin - 385 },
];

/**
 * A printable A4 sign-in sheet (Teilnehmerliste zum Unterschreiben) with the embedded Source Sans
 * fonts of the strategy PDF: the workshop and the table header on every page, "Seite x von y" below.
 */
export async function renderSignInSheet(input: SheetInput, creationDate = new Date()): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
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

  const header = (): number => {
    let y = margin;
    pdf
      .font('Sans-Bold', 16)
      .fillColor('#000')
      .text(input.title, margin, y, { width: A4.width - 2 * margin });
    y = pdf.y + 4;
    pdf.font('Sans', 10.5);
    for (const line of [`Datum: ${input.date}, ${input.time}`, `Ort: ${input.place}`]) {
      pdf.text(line, margin, y, { width: A4.width - 2 * margin });
      y = pdf.y + 2;
    }
    y += 10;
    pdf.font('Sans-Bold', 10);
    let x = margin;
    for (const c of columns) {
      pdf.text(c.label, x + 3, y + 5, { width: c.width - 6, lineBreak: false });
      x += c.width;
    }
    pdf
      .moveTo(margin, y + 20)
      .lineTo(A4.width - margin, y + 20)
      .lineWidth(1)
      .stroke();
    return y + 22;
  };

  let y = header();
  const bottom = A4.height - margin - 24;
  input.rows.forEach((r, i) => {
    if (y + rowHeight > bottom) {
      pdf.addPage();
      y = header();
    }
    const cells = [String(i + 1), `${r.lastName}, ${r.firstName}`, r.municipality, r.role, ''];
    pdf.font('Sans', 10);
    let x = margin;
    cells.forEach((text, c) => {
      pdf.text(text, x + 3, y + 9, { width: columns[c]!.width - 6, height: rowHeight - 10, ellipsis: true });
      x += columns[c]!.width;
    });
    pdf
      .moveTo(margin, y + rowHeight)
      .lineTo(A4.width - margin, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor('#888')
      .stroke()
      .strokeColor('#000');
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
      .text(`Seite ${p + 1} von ${range.count}`, margin, A4.height - margin, {
        width: A4.width - 2 * margin,
        align: 'right',
        lineBreak: false,
      });
  }
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
