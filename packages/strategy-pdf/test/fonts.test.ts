import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { fonts } from '../src/index.js';

async function render(text: string): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => pdf.on('end', resolve));
  pdf.registerFont('Sans', fonts().regular as unknown as string);
  pdf.font('Sans', 12).text(text, 50, 50);
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

describe('shared fonts', () => {
  it('keep every letter extractable, whatever an earlier document embedded', async () => {
    // "i" is built from "ı" in Source Sans: embedding it first must not lose the mapping of "ı".
    await render('Teilnehmerin Müller, Politik');
    const later = await render('Yılmaz, Ayşe; Şahin, İlker; Łucja Ąbel; offene Aufgaben');
    const text = execFileSync('pdftotext', ['-', '-'], { input: later }).toString('utf8');
    // Ligatures keep reading as their letters.
    expect(text).toContain('Yılmaz, Ayşe; Şahin, İlker; Łucja Ąbel; offene Aufgaben');
  });
});
