import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseInline, parseMarkdown, plainText } from './markdown';

describe('the Leitbild’s Markdown', () => {
  it('renders headings under the section’s level, bold, italic and a quote', () => {
    const { container } = render(
      <Markdown
        text={'# Wonnegau 2030\n\nWir sind **digital** und *nah*.\n\n## Ziele\n\n> Kein Selbstzweck.'}
      />,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Wonnegau 2030' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'Ziele' })).toBeInTheDocument();
    expect(container.querySelector('strong')).toHaveTextContent('digital');
    expect(container.querySelector('em')).toHaveTextContent('nah');
    expect(container.querySelector('blockquote')).toHaveTextContent('Kein Selbstzweck.');
  });

  it('renders bullet and numbered lists, nested', () => {
    render(<Markdown text={'- Bürgerservice\n  1. Online-Anträge\n  2. Termine\n- Netz'} />);
    const lists = screen.getAllByRole('list');
    expect(lists).toHaveLength(2);
    expect(lists[0]?.tagName).toBe('UL');
    expect(lists[1]?.tagName).toBe('OL');
    expect(screen.getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual([
      'Bürgerservice',
      'Online-Anträge',
      'Termine',
      'Netz',
    ]);
  });

  it('renders a table with its header', () => {
    render(<Markdown text={'| Feld | Ziel |\n|---|---|\n| Netz | **100 %** |'} />);
    expect(screen.getByRole('columnheader', { name: 'Ziel' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '100 %' })).toBeInTheDocument();
  });

  it('prints a link’s address after its text and drops raw HTML, as the PDF does', () => {
    const { container } = render(
      <Markdown text={'Siehe [Portal](https://vg.example) <script>alert(1)</script> &amp; <b>mehr</b>'} />,
    );
    expect(container).toHaveTextContent('Siehe Portal (https://vg.example) alert(1) & mehr');
    expect(container.querySelector('script, b, a')).toBeNull();
  });

  it('treats a single newline as a space and two trailing spaces as a line break', () => {
    expect(plainText(parseInline('eins\nzwei  \ndrei'))).toBe('eins zwei\ndrei');
  });

  it('knows rules, setext headings and code as plain text', () => {
    expect(parseMarkdown('Titel\n===\n\n---\n\n```\n**x**\n```').map((b) => b.type)).toEqual([
      'heading',
      'hr',
      'code',
    ]);
  });
});
