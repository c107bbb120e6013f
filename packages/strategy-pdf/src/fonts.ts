import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font, type GlyphRun } from 'fontkit';

const require = createRequire(import.meta.url);

/** Source Sans 3 (SIL OFL) from the npm package, so the PDF never depends on the fonts of the host. */
const files = {
  regular: 'source-sans/TTF/SourceSans3-Regular.ttf',
  bold: 'source-sans/TTF/SourceSans3-Bold.ttf',
  italic: 'source-sans/TTF/SourceSans3-It.ttf',
  boldItalic: 'source-sans/TTF/SourceSans3-BoldIt.ttf',
} as const;

export type FontStyle = keyof typeof files;
export const fontStyles = Object.keys(files) as FontStyle[];

// Shaped words per font, shared by all renders of the process; bounded so a worker cannot grow without limit.
const layoutCacheLimit = 50_000;

let loaded: Record<FontStyle, Font> | undefined;

/**
 * The parsed fonts, read and parsed once per process. Parsing a TTF and shaping a word with its OpenType
 * tables are the costly parts of pdfkit's text output, and both depend only on the font, so every render
 * reuses them; each document still embeds its own subset.
 */
export function fonts(): Record<FontStyle, Font> {
  loaded ??= {
    regular: open(files.regular),
    bold: open(files.bold),
    italic: open(files.italic),
    boldItalic: open(files.boldItalic),
  };
  return loaded;
}

function open(file: string): Font {
  const font = create(readFileSync(require.resolve(file))) as Font;
  // fontkit keeps the first Glyph object it makes per glyph id, with the code points it was made for.
  // Embedding "i" makes its component "ı" without any, so a later document that prints "Yılmaz" gets
  // no Unicode mapping for it ("Y lmaz" in a text extract). Making the glyphs from their code points
  // first keeps the mapping whatever was embedded before; not the ligatures ("ﬀ"), whose glyphs must
  // keep the letters shaping makes them from, so "offen" still reads "offen".
  for (const codePoint of font.characterSet) {
    const char = String.fromCodePoint(codePoint);
    if (char.normalize('NFKD') === char.normalize('NFD')) font.glyphForCodePoint(codePoint);
  }
  const shape = font.layout.bind(font);
  const cache = new Map<string, GlyphRun>();
  // pdfkit scales the positions of a run in place, so every caller gets its own copy of them.
  font.layout = ((text: string, features?: string[] | Record<string, boolean>) => {
    if (features) return shape(text, features);
    let run = cache.get(text);
    if (!run) {
      if (cache.size >= layoutCacheLimit) cache.clear();
      run = shape(text);
      cache.set(text, run);
    }
    // Same class as fontkit's run, so getters such as advanceWidth read the copied positions.
    const copy = Object.create(Object.getPrototypeOf(run)) as GlyphRun;
    Object.assign(copy, run, {
      positions: run.positions.map((p) => ({
        xAdvance: p.xAdvance,
        yAdvance: p.yAdvance,
        xOffset: p.xOffset,
        yOffset: p.yOffset,
      })),
    });
    return copy;
  }) as Font['layout'];
  return font;
}
