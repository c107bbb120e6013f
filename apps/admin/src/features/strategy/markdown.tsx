/**
 * The Leitbild's Markdown as the council PDF renders it (packages/strategy-pdf/src/markdown.ts, on
 * marked's lexer): paragraphs, headings, bullet and numbered lists (nested), block quotes, tables,
 * rules, bold and italic; links print their address after the text, images their alt text, code
 * and raw HTML as plain text (tags dropped). That package runs on pdfkit and is not for the browser,
 * so this is a small parser of the same subset producing React elements; user text is never HTML.
 */
import type { ReactNode } from 'react';

export type Block =
  | { type: 'heading'; depth: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'code'; text: string }
  | { type: 'hr' };

const headingLine = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const hrLine = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const fenceLine = /^ {0,3}(`{3,}|~{3,})/;
const quoteLine = /^ {0,3}>/;
const listLine = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const delimiterRow = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const blank = (line: string) => line.trim() === '';

/** Splits a table row at unescaped pipes, without the outer ones. */
function cells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Whether a line starts a block that ends the paragraph before it (as in CommonMark/GFM). */
function interrupts(line: string): boolean {
  if (headingLine.test(line) || hrLine.test(line) || fenceLine.test(line) || quoteLine.test(line))
    return true;
  const list = line.match(listLine);
  // Only a bullet or a list starting at 1 with text may interrupt a paragraph.
  return !!list && !!list[4]?.trim() && (/^[-*+]$/.test(list[2] ?? '') || /^1[.)]$/.test(list[2] ?? ''));
}

export function parseMarkdown(markdown: string): Block[] {
  return parseBlocks(markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = line.match(fenceLine);
    if (fence) {
      const marker = fence[1] as string;
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).trim().startsWith(marker))
        body.push(lines[i++] as string);
      i++;
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = line.match(headingLine);
    if (heading) {
      blocks.push({ type: 'heading', depth: (heading[1] as string).length, text: heading[2] ?? '' });
      i++;
      continue;
    }
    if (hrLine.test(line)) {
      blocks.push({ type: 'hr' });
      i++;
      continue;
    }
    if (quoteLine.test(line)) {
      const body: string[] = [];
      while (i < lines.length && !blank(lines[i] as string)) {
        body.push((lines[i] as string).replace(/^ {0,3}> ?/, ''));
        i++;
      }
      blocks.push({ type: 'quote', blocks: parseBlocks(body) });
      continue;
    }
    const list = line.match(listLine);
    if (list) {
      const parsed = parseList(lines, i);
      blocks.push(parsed.block);
      i = parsed.next;
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && delimiterRow.test(next) && next.includes('-')) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && !blank(lines[i] as string) && (lines[i] as string).includes('|')) {
        const row = cells(lines[i] as string);
        rows.push(header.map((_, c) => row[c] ?? ''));
        i++;
      }
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    const paragraph = [line];
    i++;
    while (i < lines.length && !blank(lines[i] as string) && !interrupts(lines[i] as string)) {
      paragraph.push(lines[i] as string);
      i++;
    }
    // A setext underline ("===" / "---") under a paragraph makes it a heading.
    const last = paragraph.at(-1) as string;
    if (paragraph.length > 1 && /^ {0,3}(=+|-+)[ \t]*$/.test(last)) {
      blocks.push({
        type: 'heading',
        depth: last.trim().startsWith('=') ? 1 : 2,
        text: paragraph.slice(0, -1).join('\n'),
      });
      continue;
    }
    blocks.push({ type: 'paragraph', text: paragraph.join('\n').trim() });
  }
  return blocks;
}

function parseList(lines: string[], from: number): { block: Block; next: number } {
  const first = (lines[from] as string).match(listLine) as RegExpMatchArray;
  const ordered = /\d/.test(first[2] as string);
  const delimiter = (first[2] as string).slice(-1);
  const items: Block[][] = [];
  let i = from;
  while (i < lines.length) {
    const m = (lines[i] as string).match(listLine);
    if (!m) break;
    const marker = m[2] as string;
    if (/\d/.test(marker) !== ordered || marker.slice(-1) !== delimiter) break;
    const indent =
      (m[1] as string).length + marker.length + Math.max(1, Math.min((m[3] as string).length, 4));
    const body = [m[4] as string];
    i++;
    while (i < lines.length) {
      const line = lines[i] as string;
      if (blank(line)) {
        // A blank line continues the item only if indented content follows.
        const after = lines.slice(i + 1).find((l) => !blank(l));
        if (after !== undefined && after.search(/\S/) >= indent) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (line.search(/\S/) >= indent) body.push(line.slice(indent));
      else if (listLine.test(line) || interrupts(line)) break;
      else body.push(line.trim()); // a lazy continuation of the item's paragraph
      i++;
    }
    items.push(parseBlocks(body));
    // Blank lines between items keep the list going.
    let j = i;
    while (j < lines.length && blank(lines[j] as string)) j++;
    const again = lines[j]?.match(listLine);
    if (j > i && again && /\d/.test(again[2] as string) === ordered) i = j;
  }
  return {
    block: { type: 'list', ordered, start: ordered ? Number.parseInt(first[2] as string, 10) : 1, items },
    next: i,
  };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const hex = name[1] === 'x' || name[1] === 'X';
      const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'br' };

interface InlineRule {
  pattern: RegExp;
  make: (m: RegExpExecArray) => Inline[];
}

const inlineRules: InlineRule[] = [
  { pattern: /\\([\\`*_{}[\]()#+\-.!|>~])/, make: (m) => [{ type: 'text', text: m[1] as string }] },
  { pattern: /(?: {2,}|\\)\n/, make: () => [{ type: 'br' }] },
  { pattern: /(`+)([\s\S]*?[^`])\1(?!`)/, make: (m) => [{ type: 'text', text: (m[2] as string).trim() }] },
  {
    pattern: /!\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/,
    make: (m) => (m[1] ? [{ type: 'text', text: m[1] }] : []),
  },
  {
    pattern: /\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/,
    make: (m) => {
      const label = parseInline(m[1] as string);
      const href = m[2] as string;
      const plain = plainText(label);
      return href && href !== plain && !href.startsWith('mailto:')
        ? [...label, { type: 'text', text: ` (${href})` }]
        : label;
    },
  },
  { pattern: /<(https?:\/\/[^>\s]+)>/, make: (m) => [{ type: 'text', text: m[1] as string }] },
  { pattern: /<\/?[A-Za-z][^>]*>|<!--[\s\S]*?-->/, make: () => [] },
  {
    pattern: /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__(?!\w)/,
    make: (m) => [{ type: 'strong', children: parseInline((m[1] ?? m[2]) as string) }],
  },
  {
    pattern: /\*(?=[^\s*])([\s\S]*?[^\s*])\*|\*([^\s*])\*|(?<!\w)_(?=\S)([\s\S]*?\S)_(?!\w)/,
    make: (m) => [{ type: 'em', children: parseInline((m[1] ?? m[2] ?? m[3]) as string) }],
  },
];

/** Inline Markdown as bold, italic, line breaks and text; a single newline is a space. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  const pushText = (t: string) => {
    if (!t) return;
    const clean = decodeEntities(t).replace(/[ \t]*\n[ \t]*/g, ' ');
    const last = out.at(-1);
    if (last?.type === 'text') last.text += clean;
    else out.push({ type: 'text', text: clean });
  };
  while (rest) {
    let best: { index: number; match: RegExpExecArray; rule: InlineRule } | null = null;
    for (const rule of inlineRules) {
      const match = rule.pattern.exec(rest);
      if (match && (!best || match.index < best.index)) best = { index: match.index, match, rule };
    }
    if (!best) {
      pushText(rest);
      break;
    }
    pushText(rest.slice(0, best.index));
    for (const node of best.rule.make(best.match)) {
      if (node.type === 'text') pushText(node.text.replace(/\n/g, ' '));
      else out.push(node);
    }
    rest = rest.slice(best.index + best.match[0].length);
  }
  return out;
}

export function plainText(nodes: Inline[]): string {
  return nodes
    .map((n) => (n.type === 'text' ? n.text : n.type === 'br' ? '\n' : plainText(n.children)))
    .join('');
}

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    const key = `${node.type}-${i}`;
    switch (node.type) {
      case 'text':
        return node.text;
      case 'br':
        return <br key={key} />;
      case 'strong':
        return <strong key={key}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={key}>{renderInline(node.children)}</em>;
      default:
        return null;
    }
  });
}

const headingTags = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

function renderBlocks(blocks: Block[], headingBase: number, tight = false): ReactNode[] {
  return blocks.map((block, i) => {
    const key = `${block.type}-${i}`;
    switch (block.type) {
      case 'heading': {
        const Tag = headingTags[Math.min(6, headingBase + block.depth - 1) - 1] ?? 'h6';
        return <Tag key={key}>{renderInline(parseInline(block.text))}</Tag>;
      }
      case 'paragraph':
        return tight ? (
          <span key={key}>{renderInline(parseInline(block.text))}</span>
        ) : (
          <p key={key}>{renderInline(parseInline(block.text))}</p>
        );
      case 'code':
        return (
          <p key={key} className="markdown-code">
            {block.text}
          </p>
        );
      case 'hr':
        return <hr key={key} />;
      case 'quote':
        return <blockquote key={key}>{renderBlocks(block.blocks, headingBase)}</blockquote>;
      case 'list': {
        const items = block.items.map((item, j) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
          <li key={j}>
            {renderBlocks(item, headingBase, item.length === 1 && item[0]?.type === 'paragraph')}
          </li>
        ));
        return block.ordered ? (
          <ol key={key} start={block.start === 1 ? undefined : block.start}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        );
      }
      case 'table':
        return (
          <div key={key} className="markdown-table">
            <table>
              <thead>
                <tr>
                  {block.header.map((cell, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    <th key={c} scope="col">
                      {renderInline(parseInline(cell))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.rows.map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                  <tr key={r}>
                    {row.map((cell, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                      <td key={c}>{renderInline(parseInline(cell))}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      default:
        return null;
    }
  });
}

/**
 * The Leitbild as the PDF shows it. `headingBase` is the level of a "#" heading, so the Leitbild's
 * headings nest under the section heading it sits in.
 */
export function Markdown({ text, headingBase = 3 }: { text: string; headingBase?: number }) {
  return <div className="markdown">{renderBlocks(parseMarkdown(text), headingBase)}</div>;
}
