/** The compared versions in the address (`?a=…&b=…`), so a comparison can be bookmarked and shared. */
export interface VersionsSearch {
  a?: string;
  b?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateVersionsSearch(search: Record<string, unknown>): VersionsSearch {
  const out: VersionsSearch = {};
  if (typeof search.a === 'string' && UUID.test(search.a)) out.a = search.a;
  if (typeof search.b === 'string' && UUID.test(search.b)) out.b = search.b;
  return out;
}

interface Numbered {
  id: string;
  number: number;
}

/**
 * The pair to compare: the address's choice where it names existing versions, else the newest (b)
 * against the one before it (a). Null with fewer than two versions.
 */
export function comparedPair<V extends Numbered>(
  versions: readonly V[],
  search: VersionsSearch,
): { a: V; b: V } | null {
  if (versions.length < 2) return null;
  const byNumber = [...versions].sort((x, y) => y.number - x.number);
  const find = (id: string | undefined) => (id ? versions.find((v) => v.id === id) : undefined);
  const b = find(search.b) ?? byNumber[0]!;
  const a =
    find(search.a) ?? byNumber.find((v) => v.number < b.number) ?? byNumber.find((v) => v.id !== b.id)!;
  return { a, b };
}
