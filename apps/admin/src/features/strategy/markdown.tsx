/**
 * The Leitbild's Markdown as the council PDF renders it: the same lexer (marked, GFM) as
 * packages/strategy-pdf/src/markdown.ts, so preview and PDF cannot disagree on parsing, and the same
 * treatment of its tokens: paragraphs, headings, bullet and numbered lists (nested), block quotes,
 * tables, rules, bold and italic; links print their address after the text, images their alt text,
 * code as plain text, raw HTML without its tags. That package draws with pdfkit, which is not for
 * the browser, so this renders the tokens to React elements (sharing only its entity decoding); user
 * text is never HTML.
 */
import { decodeEntities } from '@werkstatt/strategy-pdf/entities';
import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, type ReactNode } from 'react';

/**
 * The Leitbild as the PDF shows it. `headingBase` is the level of a "#" heading, so the Leitbild's
 * headings nest under the section heading it sits in.
 */
export function Markdown({ text, headingBase = 3 }: { text: string; headingBase?: number }) {
  return <div className="markdown">{renderBlocks(Lexer.lex(text, { gfm: true }), headingBase)}</div>;
}

const headingTags = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

function renderBlocks(tokens: Token[], headingBase: number): ReactNode[] {
  return tokens.map((token, i) => renderBlock(token as Tokens.Generic, headingBase, `${token.type}-${i}`));
}

function renderBlock(token: Tokens.Generic, headingBase: number, key: string): ReactNode {
  switch (token.type) {
    case 'paragraph':
      return <p key={key}>{renderInline(ownInline(token))}</p>;
    case 'text':
      // The text of a tight list item, which carries no paragraph of its own.
      return <span key={key}>{renderInline(ownInline(token))}</span>;
    case 'heading': {
      const Tag = headingTags[Math.min(6, headingBase + token.depth - 1) - 1] ?? 'h6';
      return <Tag key={key}>{renderInline(token.tokens ?? [])}</Tag>;
    }
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, j) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
        <li key={j}>{renderBlocks(item.tokens, headingBase)}</li>
      ));
      if (!list.ordered) return <ul key={key}>{items}</ul>;
      const start = typeof list.start === 'number' ? list.start : 1;
      return (
        <ol key={key} start={start === 1 ? undefined : start}>
          {items}
        </ol>
      );
    }
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks(token.tokens ?? [], headingBase)}</blockquote>;
    case 'code':
      return (
        <p key={key} className="markdown-code">
          {token.text}
        </p>
      );
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <div key={key} className="markdown-table">
          <table>
            <thead>
              <tr>
                {table.header.map((cell, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <th key={c} scope="col">
                    {plain(cell.tokens)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                <tr key={r}>
                  {row.map((cell, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    <td key={c}>{renderInline(cell.tokens)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'html': {
      const text = decodeEntities(token.text.replace(/<[^>]*>/g, '')).trim();
      return text ? <p key={key}>{text}</p> : null;
    }
    case 'hr':
      return <hr key={key} />;
    default:
      // "space", "def" and a task item's "checkbox" carry no visible content.
      return null;
  }
}

/** A paragraph's inline tokens, or its text when the lexer left none. */
function ownInline(token: Tokens.Generic): Token[] {
  return token.tokens ?? [{ type: 'text', raw: token.text, text: token.text }];
}

function renderInline(tokens: Token[]): ReactNode[] {
  return tokens.map((raw, i) => {
    const token = raw as Tokens.Generic;
    const key = `${token.type}-${i}`;
    switch (token.type) {
      case 'strong':
        return <strong key={key}>{renderInline(token.tokens ?? [])}</strong>;
      case 'em':
        return <em key={key}>{renderInline(token.tokens ?? [])}</em>;
      case 'br':
        return <br key={key} />;
      case 'html':
        return null;
      case 'link':
        return (
          <Fragment key={key}>
            {renderInline(token.tokens ?? [])}
            {linkAddress(token)}
          </Fragment>
        );
      case 'image':
        return token.text || null;
      default:
        return token.tokens && token.tokens.length > 0 ? (
          <Fragment key={key}>{renderInline(token.tokens)}</Fragment>
        ) : (
          textOf(token)
        );
    }
  });
}

/** A link's address in brackets after its text, unless the text is the address or it is an e-mail. */
function linkAddress(token: Tokens.Generic): string {
  const href: string = token.href ?? '';
  return href && href !== plain(token.tokens ?? []) && !href.startsWith('mailto:') ? ` (${href})` : '';
}

/** Inside a paragraph a single newline is a soft break, so it becomes a space. */
function textOf(token: Tokens.Generic): string {
  return decodeEntities(String(token.text ?? '')).replace(/\s*\n\s*/g, ' ');
}

/** Inline tokens as the text the PDF prints for them (a table's header cells). */
function plain(tokens: Token[]): string {
  return tokens
    .map((raw) => {
      const token = raw as Tokens.Generic;
      switch (token.type) {
        case 'br':
          return '\n';
        case 'html':
          return '';
        case 'link':
          return plain(token.tokens ?? []) + linkAddress(token);
        case 'image':
          return token.text ?? '';
        default:
          return token.tokens && token.tokens.length > 0 ? plain(token.tokens) : textOf(token);
      }
    })
    .join('');
}
