/** The board's state in the address: the action field on screen and the order of its ideas. */
export interface IdeasSearch {
  /** The action field's id; without it, the strategy's first field. */
  feld?: string;
  /** `neueste` for newest first; without it, most dots first. */
  sortierung?: 'neueste';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateIdeasSearch(search: Record<string, unknown>): IdeasSearch {
  const out: IdeasSearch = {};
  if (typeof search.feld === 'string' && UUID.test(search.feld)) out.feld = search.feld;
  if (search.sortierung === 'neueste') out.sortierung = 'neueste';
  return out;
}
