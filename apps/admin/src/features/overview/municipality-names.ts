import { $api } from '../../api/client';
import { de } from '../../i18n/de';

/**
 * Municipality names by id from one list request (the program has far fewer than the page size of
 * 200), so lists of workshops and applications name their municipalities without a request per row.
 */
export function useMunicipalityNames(): (id: string) => string {
  const list = $api.useQuery(
    'get',
    '/v1/municipalities',
    { params: { query: { limit: 200 } } },
    { staleTime: 5 * 60_000 },
  );
  const names = new Map((list.data?.data ?? []).map((m) => [m.id, m.name]));
  return (id) => names.get(id) ?? (list.isPending ? '…' : de.overview.unknownMunicipality);
}
