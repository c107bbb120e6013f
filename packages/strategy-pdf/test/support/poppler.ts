import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The tests read the PDF the way a person's tools do, with poppler (Debian: poppler-utils), never with
 * the renderer's own bookkeeping.
 */
function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: install poppler-utils (apt-get install -y poppler-utils)`);
    }
    throw error;
  }
}

export class PdfFile {
  readonly path: string;
  private readonly dir: string;
  private pagesCache: string[] | undefined;

  constructor(buffer: Buffer) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'strategy-pdf-'));
    this.path = path.join(this.dir, 'strategy.pdf');
    writeFileSync(this.path, buffer);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `pdfinfo` as key → value. */
  info(): Record<string, string> {
    const info: Record<string, string> = {};
    for (const line of run('pdfinfo', [this.path]).split('\n')) {
      const match = /^([^:]+):\s*(.*)$/.exec(line);
      if (match) info[match[1]!.trim()] = match[2]!.trim();
    }
    return info;
  }

  /** The text of every page in layout mode; index 0 is page 1. */
  pages(): string[] {
    this.pagesCache ??= run('pdftotext', ['-layout', '-enc', 'UTF-8', this.path, '-'])
      .split('\f')
      .slice(0, -1);
    return this.pagesCache;
  }

  /** Text in content-stream order (what a copy of a cell's text gives), one string per page. */
  rawPages(): string[] {
    return run('pdftotext', ['-raw', '-enc', 'UTF-8', this.path, '-']).split('\f').slice(0, -1);
  }

  /** Every word with its box (points, origin top left), per page. */
  words(): PageWords[] {
    const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', this.path, '-']);
    const pages: PageWords[] = [];
    for (const page of html.split('<page ').slice(1)) {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
      const words: Word[] = [];
      for (const m of page.matchAll(
        /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g,
      )) {
        words.push({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! });
      }
      pages.push({ width: Number(size[1]), height: Number(size[2]), words });
    }
    return pages;
  }

  /** The tagged structure tree with its text (`pdfinfo -struct-text`). */
  structure(): string {
    return run('pdfinfo', ['-struct-text', this.path]);
  }

  fonts(): string {
    return run('pdffonts', [this.path]);
  }
}

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

/** Collapses runs of white space, so layout spacing does not matter to a comparison. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
