import { readFile, rename, writeFile } from 'node:fs/promises';

/** The three public feeds this program mirrors. */
export const feeds = ['measures', 'strategies', 'workshops'] as const;
export type Feed = (typeof feeds)[number];

/** One mirrored item: its latest public state and its municipality. */
export interface MirroredItem {
  municipality: { id: string; name: string; ars: string | null } | null;
  data: Record<string, unknown>;
}

/** What the JSON file holds: per feed the items by id and the cursor to go on from. */
export interface Mirror {
  feeds: Record<Feed, { cursor: string | null; items: Record<string, MirroredItem> }>;
  /** The last webhook ids handled, so a redelivered webhook is handled once (at-least-once delivery). */
  seenWebhookIds: string[];
}

export const emptyMirror = (): Mirror => ({
  feeds: {
    measures: { cursor: null, items: {} },
    strategies: { cursor: null, items: {} },
    workshops: { cursor: null, items: {} },
  },
  seenWebhookIds: [],
});

export async function loadMirror(file: string): Promise<Mirror> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Mirror;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyMirror();
    throw err;
  }
}

/** Writes the mirror whole or not at all: a crash mid-write leaves the previous file. */
export async function saveMirror(file: string, mirror: Mirror): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(mirror, null, 2)}\n`);
  await rename(temporary, file);
}
