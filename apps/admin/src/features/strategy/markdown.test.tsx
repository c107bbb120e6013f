import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

describe('the Leitbild’s Markdown', () => {
  it('renders headings under the section’s level, paragraphs, bold, italic and a quote', () => {
    const { container } = render(
      <Markdown
        text={
          '# Wonnegau 2030\n\nWir sind **digital** und *nah*, ***beides***.\n\n## Ziele\n\nTitel\n===\n\n> Kein Selbstzweck.'
        }
      />,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Wonnegau 2030' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'Ziele' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Titel' })).toBeInTheDocument();
    expect(screen.getByText(/^Wir sind/).tagName).toBe('P');
    expect(screen.getByText('digital').tagName).toBe('STRONG');
    expect(screen.getByText('nah').tagName).toBe('EM');
    expect(screen.getByText('beides').closest('strong, em')?.closest('strong')).not.toBeNull();
    expect(container.querySelector('blockquote')).toHaveTextContent('Kein Selbstzweck.');
  });

  it('nests headings under the given base level, at most h6', () => {
    render(<Markdown text={'# Eins\n\n### Drei\n\n###### Sechs'} headingBase={2} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Eins' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'Drei' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 6, name: 'Sechs' })).toBeInTheDocument();
  });

  it('renders bullet and numbered lists, nested', () => {
    render(<Markdown text={'- Bürgerservice\n  1. Online-Anträge\n  2. Termine\n- Netz'} />);
    const lists = screen.getAllByRole('list');
    expect(lists).toHaveLength(2);
    expect(lists[0]?.tagName).toBe('UL');
    expect(lists[1]?.tagName).toBe('OL');
    expect(lists[0]).toContainElement(lists[1] as HTMLElement);
    expect(screen.getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual([
      'Bürgerservice',
      'Online-Anträge',
      'Termine',
      'Netz',
    ]);
  });

  it('keeps the start of a numbered list', () => {
    render(<Markdown text={'3. Drei\n4. Vier\n\n---\n\n1. Eins'} />);
    const [first, second] = screen.getAllByRole('list');
    expect(first).toHaveAttribute('start', '3');
    expect(second).not.toHaveAttribute('start');
  });

  it('renders a table with header cells', () => {
    render(<Markdown text={'| Feld | *Ziel* |\n|:---|---:|\n| Netz | **100 %** |\n| Rathaus |'} />);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Feld', 'Ziel']);
    expect(screen.getByRole('columnheader', { name: 'Feld' })).toHaveAttribute('scope', 'col');
    expect(screen.getByRole('cell', { name: '100 %' }).querySelector('strong')).not.toBeNull();
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getAllByRole('cell').map((td) => td.textContent)).toEqual(['Netz', '100 %', 'Rathaus', '']);
  });

  it('renders a rule and code as plain text', () => {
    const { container } = render(
      <Markdown text={'Vorher\n\n---\n\n```\n**x** <b>\n```\n\nmit `*y*` drin'} />,
    );
    expect(screen.getByRole('separator')).toBeInTheDocument();
    expect(screen.getByText('**x** <b>')).toHaveClass('markdown-code');
    expect(screen.getByText('mit *y* drin')).toBeInTheDocument();
    expect(container.querySelector('code, pre, b')).toBeNull();
  });

  it('prints a link’s address after its text, e-mail addresses without, and images as alt text', () => {
    const { container } = render(
      <Markdown
        text={
          'Siehe [Portal](https://vg.example), <https://vg.example/a>, mail@vg.example und ![Karte der VG](karte.png).'
        }
      />,
    );
    expect(container).toHaveTextContent(
      'Siehe Portal (https://vg.example), https://vg.example/a, mail@vg.example und Karte der VG.',
    );
    expect(container.querySelector('a, img')).toBeNull();
  });

  it('drops raw HTML tags and never runs a script, as the PDF does', () => {
    const { container } = render(
      <Markdown
        text={
          'Text <script>alert(1)</script> &amp; <b>mehr</b>\n\n<script>alert(2)</script>\n\n<div>\n</div>'
        }
      />,
    );
    // Tags inside a paragraph are dropped; an HTML block keeps only its text, and one without is gone.
    expect(
      [...container.querySelectorAll('.markdown > *')].map((el) => [el.tagName, el.textContent]),
    ).toEqual([
      ['P', 'Text alert(1) & mehr'],
      ['P', 'alert(2)'],
    ]);
    expect(container.querySelector('script, b, .markdown div')).toBeNull();
  });

  it('treats a single newline as a space and two trailing spaces as a line break', () => {
    const { container } = render(<Markdown text={'eins\nzwei  \ndrei'} />);
    const paragraph = container.querySelector('p');
    expect(paragraph?.textContent).toBe('eins zweidrei');
    expect(paragraph?.querySelectorAll('br')).toHaveLength(1);
    expect(paragraph?.firstChild?.textContent).toBe('eins zwei');
  });

  it('renders nothing for empty text', () => {
    const { container } = render(<Markdown text="" />);
    expect(container.querySelector('.markdown')).toBeEmptyDOMElement();
  });
});
