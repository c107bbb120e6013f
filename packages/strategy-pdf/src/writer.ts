import { createRequire } from 'node:module';
import type { FontStyle } from './fonts.js';

// TeX hyphenation patterns for German (reformed spelling); the package is CommonJS without types.
const { hyphenateSync } = createRequire(import.meta.url)('hyphen/de-1996') as {
  hyphenateSync: (text: string, options?: { hyphenChar?: string }) => string;
};
const hyphenate = (word: string) => hyphenateSync(word, { hyphenChar: '\u00ad' });

/**
 * A small layout engine over pdfkit. pdfkit's own wrapping measures every string twice and breaks pages
 * behind our back; here every line is measured once (with a shared width cache), placed by us, checked
 * against the bottom margin before it is drawn, and wrapped in marked content of its structure element,
 * so the tagged structure stays right across page breaks.
 */

export type StructElement = PDFKit.PDFStructureElement;

export interface Run {
  text: string;
  style?: FontStyle;
  color?: string;
}
/** Plain text, or runs with their own style (bold, italic) and colour. */
export type Rich = string | Run[];

export interface Segment {
  text: string;
  /** The words and spaces of the text, as measured; each is shaped once per document. */
  parts: string[];
  style: FontStyle;
  color: string;
  /** Offset from the start of the line. */
  x: number;
  width: number;
}
export interface Line {
  segments: Segment[];
  width: number;
}

export const colors = {
  text: '#1d2733',
  muted: '#5b6675',
  primary: '#1f4e79',
  rule: '#b9c3cf',
  zebra: '#f1f4f8',
  headerFill: '#1f4e79',
  headerText: '#ffffff',
  light: '#e3e9f0',
} as const;

/** A4 in points with the type area of the document. */
export const pageGeometry = {
  width: 595.28,
  height: 841.89,
  left: 62,
  right: 595.28 - 62,
  top: 78,
  bottom: 841.89 - 70,
} as const;

// Source Sans 3: ascent 1000, descent -326 per 1000 units, no line gap.
const lineHeightFactor = 1.326;

export const fontNames: Record<FontStyle, string> = {
  regular: 'Sans',
  bold: 'Sans-Bold',
  italic: 'Sans-Italic',
  boldItalic: 'Sans-BoldItalic',
};

// Widths per 1 pt of font size. The fonts are the same for every document, so the cache outlives a render;
// it is cleared when it grows past a bound so a long-running worker cannot leak through it.
const widthCache: Record<FontStyle, Map<string, number>> = {
  regular: new Map(),
  bold: new Map(),
  italic: new Map(),
  boldItalic: new Map(),
};
const widthCacheLimit = 100_000;

interface Token {
  text: string;
  style: FontStyle;
  color: string;
  width: number;
  kind: 'word' | 'space' | 'break';
}

export interface TextOptions {
  size: number;
  style?: FontStyle;
  color?: string;
  x?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Space after the block. */
  after?: number;
}

export class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly g = pageGeometry;
  y: number = pageGeometry.top;
  /** Called after every page break the content itself causes (tables repeat their header here). */
  onPageBreak: (() => void) | null = null;
  private currentFont: FontStyle | null = null;
  private currentSize = 0;

  private readonly fonts: Record<FontStyle, FontEntry>;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    // Loaded in a fixed order, so the font names in the PDF (and with them its bytes) never depend on
    // which widths happened to be cached from an earlier render. Fonts no page uses are not embedded.
    const load = (style: FontStyle): FontEntry => {
      doc.font(fontNames[style]);
      return { font: (doc as unknown as { _font: EmbeddedFont })._font, words: new Map() };
    };
    this.fonts = {
      regular: load('regular'),
      bold: load('bold'),
      italic: load('italic'),
      boldItalic: load('boldItalic'),
    };
  }

  get contentWidth(): number {
    return this.g.right - this.g.left;
  }

  /** Pages so far, i.e. the 1-based number of the page content is flowing onto. */
  get pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  addPage(): void {
    this.doc.addPage();
    this.y = this.g.top;
  }

  /** Goes back to an earlier page (table of contents, header and footer). */
  switchToPage(pageNumber: number): void {
    this.doc.switchToPage(pageNumber - 1);
  }

  /** A page break caused by content: the next page continues what was being drawn. */
  breakPage(): void {
    this.addPage();
    this.onPageBreak?.();
  }

  /** Breaks the page unless `height` points still fit above the bottom margin. */
  ensure(height: number): boolean {
    if (this.y + height <= this.g.bottom + 0.01) return false;
    this.breakPage();
    return true;
  }

  lineHeight(size: number): number {
    return size * lineHeightFactor;
  }

  measure(text: string, style: FontStyle, size: number): number {
    const cache = widthCache[style];
    let unit = cache.get(text);
    if (unit === undefined) {
      if (cache.size >= widthCacheLimit) cache.clear();
      this.setFont(style, 100);
      unit = this.doc.widthOfString(text) / 100;
      cache.set(text, unit);
    }
    return unit * size;
  }

  /** Breaks rich text into lines no wider than `width`; hard line breaks in the text are kept. */
  wrap(
    rich: Rich,
    width: number,
    size: number,
    style: FontStyle = 'regular',
    color: string = colors.text,
  ): Line[] {
    const runs: Run[] = typeof rich === 'string' ? [{ text: rich }] : rich;
    const tokens: Token[] = [];
    for (const run of runs) this.tokenize(run, style, color, size, tokens);
    const lines: Line[] = [];
    let current: Token[] = [];
    let currentWidth = 0;
    let pending: Token[] = [];
    let pendingWidth = 0;
    const flush = (wrapped = false) => {
      const line = toLine(current);
      // A wrapped line keeps its space (invisible, outside the measured width), so text extracted from
      // the tags does not glue the last word of a line to the first of the next.
      if (wrapped && pending.length > 0) withTrailingSpace(line);
      lines.push(line);
      current = [];
      currentWidth = 0;
      pending = [];
      pendingWidth = 0;
    };
    for (const token of tokens) {
      if (token.kind === 'break') {
        flush();
        continue;
      }
      if (token.kind === 'space') {
        if (current.length > 0) {
          pending.push(token);
          pendingWidth += token.width;
        }
        continue;
      }
      if (current.length > 0 && currentWidth + pendingWidth + token.width > width) flush(true);
      if (current.length === 0 && token.width > width) {
        // A word wider than the column (a long compound, an amount, a URL) is broken inside.
        for (const piece of this.splitWord(token, width, size)) {
          if (current.length > 0) flush();
          current.push(piece);
          currentWidth = piece.width;
        }
        continue;
      }
      current.push(...pending, token);
      currentWidth += pendingWidth + token.width;
      pending = [];
      pendingWidth = 0;
    }
    if (current.length > 0) flush();
    return lines;
  }

  private tokenize(run: Run, baseStyle: FontStyle, baseColor: string, size: number, out: Token[]): void {
    const style = run.style ?? baseStyle;
    const color = run.color ?? baseColor;
    // NFC, so umlauts typed as u + combining diaeresis are set (and extracted) as one letter.
    const paragraphs = run.text.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
    paragraphs.forEach((text, index) => {
      if (index > 0) out.push({ text: '', style, color, width: 0, kind: 'break' });
      // Words, runs of spaces, and breaks after a hyphen or slash inside a word ("Online-Terminvergabe").
      for (const match of text.matchAll(/[ \t]+|[^ \t]+?(?:[-/](?=[^ \t\-/])|(?=[ \t])|$)/g)) {
        const part = match[0].replace(/\t/g, ' ');
        const kind = part.trim() === '' ? 'space' : 'word';
        out.push({ text: part, style, color, width: this.measure(part, style, size), kind });
      }
    });
  }

  /**
   * Breaks a word wider than the column: at German hyphenation points where possible ("Digitalisierungs-
   * beauftragter"), between characters only when no syllable fits.
   */
  private splitWord(token: Token, width: number, size: number): Token[] {
    const pieces: Token[] = [];
    const piece = (text: string): Token => ({ ...token, text, width: this.measure(text, token.style, size) });
    let rest = token.text;
    while (this.measure(rest, token.style, size) > width) {
      // A no-break space (as in "1.234,56 €") gives way before any syllable or character does.
      const nbsp = rest.lastIndexOf('\u00a0');
      if (nbsp > 0 && this.measure(rest.slice(0, nbsp), token.style, size) <= width) {
        pieces.push(piece(rest.slice(0, nbsp + 1)));
        rest = rest.slice(nbsp + 1);
        continue;
      }
      const syllables = hyphenate(rest).split('\u00ad');
      let head = '';
      for (let k = 1; k < syllables.length; k++) {
        const candidate = syllables.slice(0, k).join('');
        if (this.measure(`${candidate}-`, token.style, size) > width) break;
        head = candidate;
      }
      if (head) {
        pieces.push(piece(`${head}-`));
        rest = rest.slice(head.length);
        continue;
      }
      const chars = Array.from(rest);
      let end = 1;
      while (end < chars.length && this.measure(chars.slice(0, end + 1).join(''), token.style, size) <= width)
        end++;
      pieces.push(piece(chars.slice(0, end).join('')));
      rest = chars.slice(end).join('');
    }
    if (rest) pieces.push(piece(rest));
    return pieces;
  }

  setFont(style: FontStyle, size: number): void {
    if (this.currentFont !== style || this.currentSize !== size) {
      this.doc.font(fontNames[style], size);
      this.currentFont = style;
      this.currentSize = size;
    }
  }

  /**
   * Draws one line with its top at `y`. The text operators are written directly, one text object per
   * line: pdfkit's `text()` costs a dozen content writes, a save/restore, two width measurements and a
   * fresh shaping of the string per call, which dominated the render time of long documents. Glyph encoding
   * (and with it the font subset and the ToUnicode map that keeps the text extractable) stays pdfkit's own;
   * each word is encoded once per document.
   */
  drawLine(
    line: Line,
    x: number,
    y: number,
    size: number,
    align: 'left' | 'right' | 'center' = 'left',
    boxWidth = 0,
  ) {
    let left = x;
    if (align === 'right') left = x + boxWidth - line.width;
    else if (align === 'center') left = x + (boxWidth - line.width) / 2;
    let ops = 'BT';
    let color = '';
    let font = '';
    for (const segment of line.segments) {
      const embedded = this.embeddedFont(segment.style);
      const words = segment.parts.map((part) => this.encoded(embedded, part));
      if (words.includes(null)) {
        // Glyphs the font positions itself (combining marks left after NFC): pdfkit's own path sets them.
        this.doc.addContent(`${ops} ET`);
        ops = 'BT';
        font = '';
        color = '';
        this.setFont(segment.style, size);
        this.doc.fillColor(segment.color);
        this.doc.text(segment.text, left + segment.x, y, { lineBreak: false } as PDFKit.Mixins.TextOptions);
        continue;
      }
      if (font !== embedded.font.id) {
        ops += ` /${embedded.font.id} ${num(size)} Tf`;
        font = embedded.font.id;
      }
      if (color !== segment.color) {
        ops += ` ${rgb(segment.color)} rg`;
        color = segment.color;
      }
      // pdfkit's page space runs top-down, so the text matrix flips back; the baseline sits one ascent below y.
      ops += ` 1 0 0 -1 ${num(left + segment.x)} ${num(y + (embedded.font.ascender / 1000) * size)} Tm [${words.join('')}] TJ`;
    }
    this.doc.addContent(`${ops} ET`);
  }

  /** The TJ operands of one word in this document's subset of the font, with the font's kerning. */
  private encoded(embedded: FontEntry, text: string): string | null {
    let ops = embedded.words.get(text);
    if (ops === undefined) {
      const [codes, positions] = embedded.font.encode(text);
      if (positions.some((p) => p.xOffset || p.yOffset)) {
        embedded.words.set(text, null);
        return null;
      }
      ops = '';
      let from = 0;
      for (let i = 0; i < positions.length; i++) {
        const p = positions[i]!;
        const kern = p.xAdvance - p.advanceWidth;
        if (kern !== 0) {
          ops += `<${codes.slice(from, i + 1).join('')}> ${num(-kern)} `;
          from = i + 1;
        }
      }
      if (from < codes.length) ops += `<${codes.slice(from).join('')}>`;
      embedded.words.set(text, ops);
    }
    return ops;
  }

  private embeddedFont(style: FontStyle): FontEntry {
    const entry = this.fonts[style];
    // A page uses the font from its first line on; the page resources must name it.
    const page = this.doc.page as unknown as InternalPage;
    page.fonts[entry.font.id] ??= entry.font.ref();
    return entry;
  }

  /** Creates a structure element under `parent`. */
  elem(parent: StructElement, type: string, options: StructOptions = {}): StructElement {
    const element = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
    parent.add(element);
    return element;
  }

  /** Draws on the current page inside marked content that belongs to `element`. */
  mark(element: StructElement, tag: string, draw: () => void): void {
    const content = this.doc.markStructureContent(tag);
    draw();
    this.doc.endMarkedContent();
    element.add(content);
  }

  /** Draws decoration that is not part of the logical content (rules, fills, running headers). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    // Written directly: artifacts never nest in structure content here, so pdfkit's bookkeeping is not needed.
    this.doc.addContent(`/Artifact <</Type /${type}>> BDC`);
    draw();
    this.doc.addContent('EMC');
  }

  rect(x: number, y: number, width: number, height: number, color: string): void {
    this.doc.addContent(`${rgb(color)} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f`);
  }

  hline(x1: number, x2: number, y: number, color: string = colors.rule, lineWidth = 0.5): void {
    this.doc.addContent(
      `${rgb(color)} RG ${num(lineWidth)} w ${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`,
    );
  }

  /**
   * A block of text as structure element `type` (P, H1, …) under `parent`, breaking across pages line by
   * line. Returns the element so callers can attach more to it.
   */
  text(parent: StructElement, type: string, rich: Rich, options: TextOptions, structOptions?: StructOptions) {
    const element = this.elem(parent, type, structOptions);
    const x = options.x ?? this.g.left;
    const width = options.width ?? this.g.right - x;
    const lines = this.wrap(rich, width, options.size, options.style, options.color);
    this.drawLines(element, type, lines, x, width, options);
    this.y += options.after ?? 0;
    return element;
  }

  drawLines(
    element: StructElement,
    tag: string,
    lines: Line[],
    x: number,
    width: number,
    options: TextOptions,
  ) {
    const lh = this.lineHeight(options.size);
    let i = 0;
    while (i < lines.length) {
      const left = lines.length - i;
      let fit = Math.floor((this.g.bottom - this.y + 0.01) / lh);
      // No single first line at the foot of a page when the paragraph goes on.
      if (fit <= 0 || (fit === 1 && left > 1)) {
        this.breakPage();
        continue;
      }
      // No single last line at the head of the next page.
      if (fit < left && fit === left - 1 && fit >= 3) fit--;
      const count = Math.min(fit, left);
      const top = this.y;
      this.mark(element, tag, () => {
        for (let k = 0; k < count; k++) {
          this.drawLine(lines[i + k]!, x, top + k * lh, options.size, options.align, width);
        }
      });
      this.y += count * lh;
      i += count;
      if (i < lines.length) this.breakPage();
    }
  }
}

export interface StructOptions {
  title?: string;
  lang?: string;
  alt?: string;
  actual?: string;
  /** For TH cells: "Column" or "Row" (pdfkit writes it as a Table attribute). */
  scope?: 'Column' | 'Row' | 'Both';
  /** Layout bounding box [left, top, right, bottom] in page coordinates from the top (for figures). */
  bbox?: [number, number, number, number];
}

/** The parts of pdfkit 0.20's embedded font and page that the direct text output uses. */
interface EmbeddedFont {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(
    text: string,
  ): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}
interface InternalPage {
  fonts: Record<string, unknown>;
}
interface FontEntry {
  font: EmbeddedFont;
  words: Map<string, string | null>;
}

function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

const rgbCache = new Map<string, string>();
function rgb(hex: string): string {
  let ops = rgbCache.get(hex);
  if (!ops) {
    const n = Number.parseInt(hex.slice(1), 16);
    ops = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => num(c / 255)).join(' ');
    rgbCache.set(hex, ops);
  }
  return ops;
}

/** Adds a space after the last word without changing the line's width (for extraction, not for layout). */
export function withTrailingSpace(line: Line): Line {
  const last = line.segments[line.segments.length - 1];
  if (last && !last.text.endsWith(' ')) {
    last.text += ' ';
    last.parts.push(' ');
  }
  return line;
}

function toLine(tokens: Token[]): Line {
  const segments: Segment[] = [];
  let x = 0;
  for (const token of tokens) {
    const last = segments[segments.length - 1];
    if (last && last.style === token.style && last.color === token.color) {
      last.text += token.text;
      last.parts.push(token.text);
      last.width += token.width;
    } else {
      segments.push({
        text: token.text,
        parts: [token.text],
        style: token.style,
        color: token.color,
        x,
        width: token.width,
      });
    }
    x += token.width;
  }
  return { segments, width: x };
}
