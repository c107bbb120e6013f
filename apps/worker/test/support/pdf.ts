import { execFile } from 'node:child_process';
import { documentContents, documents } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { WorkerTestContext } from './harness.js';

/** The PDF's text as pdftotext (poppler-utils) extracts it, whitespace squashed. */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pdftotext',
      ['-enc', 'UTF-8', '-', '-'],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, out) => (err ? reject(err) : resolve(out.replace(/\s+/g, ' '))),
    );
    child.stdin!.end(pdf);
  });
}

export async function documentRow(t: WorkerTestContext, id: string) {
  const [row] = await t.owner.select().from(documents).where(eq(documents.id, id));
  return row;
}

export const contentRows = (t: WorkerTestContext, id: string) =>
  t.owner.select().from(documentContents).where(eq(documentContents.documentId, id));
