import { useMemo } from 'react';
import { $api } from '../api/client';
import { de } from '../i18n/de';

/**
 * The municipalities for choosers and for naming rows that carry only a `municipalityId`. One page of
 * 200 (the API's maximum) covers a state's program; the list is cached for the session.
 */
export function useMunicipalities() {
  const query = $api.useQuery(
    'get',
    '/v1/municipalities',
    { params: { query: { limit: 200 } } },
    { staleTime: 5 * 60_000 },
  );
  return useMemo(() => {
    const rows = query.data?.data ?? [];
    const names = new Map(rows.map((m) => [m.id, m.name]));
    const collator = new Intl.Collator('de-DE');
    return {
      query,
      options: rows
        .map((m) => ({ value: m.id, label: m.name }))
        .sort((a, b) => collator.compare(a.label, b.label)),
      /** The name, or a neutral word when the list is still loading or the municipality is gone. */
      nameOf: (id: string | null | undefined): string | null =>
        id ? (names.get(id) ?? (query.isPending ? '…' : de.users.unknownMunicipality)) : null,
    };
  }, [query]);
}
