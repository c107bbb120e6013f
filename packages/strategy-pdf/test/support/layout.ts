import type { PageWords, Word } from './poppler.js';

// The type area of the renderer (A4, points from the top left) and its running head and foot.
const area = { left: 62, right: 533.28, top: 78, bottom: 771.89 };
const headBottom = 56;
const footTop = area.bottom + 18;
// Word boxes are exact to the thousandth of a point; adjacent lines touch, so only real overlap counts.
const tolerance = 0.05;

/**
 * Reads the finished PDF, not the renderer's bookkeeping: pdftotext -bbox reports every word with the box
 * poppler computes from the font's ascent and descent and the glyph advances. No two word boxes on a page
 * may intersect (lines of one paragraph touch but do not intersect), and every word must lie inside the
 * type area, or in the bands of the running head and foot. Overlapping lines, text running past a margin
 * or into the next cell's words, and text pushed below the bottom margin all break one of these.
 */
export function layoutProblems(pages: PageWords[]): string[] {
  return pages.flatMap((page, index) => [...outOfArea(page, index + 1), ...overlaps(page, index + 1)]);
}

function outOfArea(page: PageWords, number: number): string[] {
  const problems: string[] = [];
  for (const w of page.words) {
    const inBody = w.y0 >= area.top - tolerance && w.y1 <= area.bottom + tolerance;
    const inHead = w.y1 <= headBottom && w.y0 >= 30;
    const inFoot = w.y0 >= footTop && w.y1 <= page.height - 30;
    const inWidth = w.x0 >= area.left - tolerance && w.x1 <= area.right + tolerance;
    if (!(inWidth && (inBody || inHead || inFoot))) {
      problems.push(`page ${number}: "${w.text}" at ${box(w)} is outside the type area`);
    }
  }
  return problems;
}

function overlaps(page: PageWords, number: number): string[] {
  const problems: string[] = [];
  const words = [...page.words].sort((a, b) => a.y0 - b.y0);
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    for (let j = i + 1; j < words.length && words[j]!.y0 < a.y1 - tolerance; j++) {
      const b = words[j]!;
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > tolerance && dy > tolerance) {
        problems.push(`page ${number}: "${a.text}" ${box(a)} overlaps "${b.text}" ${box(b)}`);
      }
    }
  }
  return problems;
}

function box(w: Word): string {
  return `[${w.x0.toFixed(1)}, ${w.y0.toFixed(1)} – ${w.x1.toFixed(1)}, ${w.y1.toFixed(1)}]`;
}
