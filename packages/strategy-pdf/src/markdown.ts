import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities } from './entities.js';
import type { FontStyle } from './fonts.js';
import { drawTable } from './table.js';
import { colors, type Run, type StructElement, type Writer } from './writer.js';

/**
 * Renders the Markdown of a Leitbild with marked's lexer: paragraphs, headings, bullet and numbered lists
 * (nested), block quotes, tables, bold and italic. Raw HTML is dropped, not interpreted.
 */
export function renderMarkdown(w: Writer, parent: StructElement, markdown: string, options: MarkdownOptions) {
  const tokens = Lexer.lex(markdown, { gfm: true });
  renderBlocks(w, parent, tokens, { x: w.g.left, width: w.contentWidth, ...options });
}

export interface MarkdownOptions {
  size: number;
  /** Structure level of a Markdown "#" heading, so the Leitbild nests under its section heading. */
  headingBase: number;
}

interface Frame extends MarkdownOptions {
  x: number;
  width: number;
}

function renderBlocks(w: Writer, parent: StructElement, tokens: Token[], frame: Frame): void {
  for (const token of tokens) renderBlock(w, parent, token as Tokens.Generic, frame);
}

function renderBlock(w: Writer, parent: StructElement, token: Tokens.Generic, frame: Frame): void {
  const { size, x, width } = frame;
  switch (token.type) {
    case 'paragraph':
    case 'text': {
      const runs = inlineRuns(
        token.tokens ?? [{ type: 'text', raw: token.text, text: token.text }],
        'regular',
      );
      w.text(parent, 'P', runs, { size, x, width, after: size * 0.6 });
      return;
    }
    case 'heading': {
      const level = Math.min(6, frame.headingBase + token.depth - 1);
      const headingSize = level <= 2 ? size * 1.3 : size * 1.1;
      w.ensure(w.lineHeight(headingSize) + 3 * w.lineHeight(size));
      w.y += size * 0.4;
      w.text(parent, `H${level}`, inlineRuns(token.tokens ?? [], 'bold'), {
        size: headingSize,
        style: 'bold',
        color: colors.primary,
        x,
        width,
        after: size * 0.3,
      });
      return;
    }
    case 'list':
      renderList(w, parent, token as Tokens.List, frame);
      return;
    case 'blockquote': {
      const quote = w.elem(parent, 'BlockQuote');
      const top = w.y;
      const page = w.pageNumber;
      renderBlocks(w, quote, token.tokens ?? [], { ...frame, x: x + 14, width: width - 14 });
      // The bar marks the quote on the page where it starts; a quote running over pages keeps its indent.
      if (w.pageNumber === page) {
        const bottom = w.y - size * 0.6;
        w.artifact(() => w.rect(x + 2, top, 2.5, Math.max(0, bottom - top), colors.rule));
      }
      quote.end();
      return;
    }
    case 'code':
      w.text(parent, 'P', token.text, { size, x, width, after: size * 0.6 });
      return;
    case 'table': {
      const table = token as Tokens.Table;
      drawTable(w, parent, {
        columns: table.header.map((cell) => ({ header: plain(cell.tokens), width: 1 })),
        rows: table.rows.map((row) => row.map((cell) => inlineRuns(cell.tokens, 'regular'))),
        size: size * 0.9,
        x,
        width,
      });
      return;
    }
    case 'html': {
      const text = decodeEntities(token.text.replace(/<[^>]*>/g, '')).trim();
      if (text) w.text(parent, 'P', text, { size, x, width, after: size * 0.6 });
      return;
    }
    case 'hr':
      w.ensure(size);
      w.artifact(() => w.hline(x, x + width, w.y + size / 2));
      w.y += size;
      return;
    default:
      // "space" and "def" carry no visible content.
      return;
  }
}

function renderList(w: Writer, parent: StructElement, list: Tokens.List, frame: Frame): void {
  const { size, x, width } = frame;
  const element = w.elem(parent, 'L');
  const start = typeof list.start === 'number' ? list.start : 1;
  const labels = list.items.map((_, i) => (list.ordered ? `${start + i}.` : '•'));
  const labelWidth = Math.max(...labels.map((l) => w.measure(l, 'regular', size))) + size * 0.6;
  const lh = w.lineHeight(size);
  list.items.forEach((item, i) => {
    const li = w.elem(element, 'LI');
    const lbl = w.elem(li, 'Lbl');
    const body = w.elem(li, 'LBody');
    const [first, ...rest] = item.tokens;
    const bodyFrame = { ...frame, x: x + labelWidth, width: width - labelWidth };
    const firstIsText = first && (first.type === 'text' || first.type === 'paragraph');
    // Keep the label with the first two lines of its text.
    if (firstIsText) {
      const lines = w.wrap(inlineRuns((first as Tokens.Text).tokens ?? [], 'regular'), bodyFrame.width, size);
      w.ensure(Math.min(2, Math.max(1, lines.length)) * lh);
    } else {
      w.ensure(lh);
    }
    const top = w.y;
    const labelLine = w.wrap(labels[i]!, labelWidth, size);
    w.mark(lbl, 'Lbl', () => {
      if (labelLine[0]) w.drawLine(labelLine[0], x, top, size);
    });
    lbl.end();
    if (firstIsText) {
      const runs = inlineRuns((first as Tokens.Text).tokens ?? [], 'regular');
      w.text(body, 'P', runs, {
        size,
        x: bodyFrame.x,
        width: bodyFrame.width,
        after: item.loose ? size * 0.6 : size * 0.2,
      });
      renderBlocks(w, body, rest, bodyFrame);
    } else {
      renderBlocks(w, body, item.tokens, bodyFrame);
    }
    body.end();
    li.end();
  });
  element.end();
  w.y += size * 0.4;
}

function inlineRuns(tokens: Token[], style: FontStyle): Run[] {
  const runs: Run[] = [];
  for (const raw of tokens) {
    const token = raw as Tokens.Generic;
    switch (token.type) {
      case 'strong':
        runs.push(
          ...inlineRuns(
            token.tokens ?? [],
            style === 'italic' || style === 'boldItalic' ? 'boldItalic' : 'bold',
          ),
        );
        break;
      case 'em':
        runs.push(
          ...inlineRuns(
            token.tokens ?? [],
            style === 'bold' || style === 'boldItalic' ? 'boldItalic' : 'italic',
          ),
        );
        break;
      case 'br':
        runs.push({ text: '\n', style });
        break;
      case 'html':
        break;
      case 'link': {
        runs.push(...inlineRuns(token.tokens ?? [], style));
        const label = plain(token.tokens ?? []);
        if (token.href && token.href !== label && !token.href.startsWith('mailto:')) {
          runs.push({ text: ` (${token.href})`, style });
        }
        break;
      }
      case 'image':
        if (token.text) runs.push({ text: token.text, style });
        break;
      default:
        if (token.tokens && token.tokens.length > 0) {
          runs.push(...inlineRuns(token.tokens, style));
        } else {
          // Inside a paragraph a single newline is a soft break, so it becomes a space.
          runs.push({ text: decodeEntities(String(token.text ?? '')).replace(/\s*\n\s*/g, ' '), style });
        }
    }
  }
  return runs;
}

function plain(tokens: Token[]): string {
  return inlineRuns(tokens, 'regular')
    .map((r) => r.text)
    .join('');
}
