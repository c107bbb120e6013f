import { type Database, type ScopedDatabase, scopedDatabase } from '@werkstatt/db';

/**
 * The RLS scope a job runs in. A job for one municipality runs in that municipality's tenant scope,
 * as an API request of its users does, so a wrong id in a payload reads nothing of another
 * municipality. `null` (the program office's own users, the workshops it runs) is the platform scope.
 */
export function jobScope(db: Database, municipalityId: string | null): ScopedDatabase {
  return municipalityId === null
    ? scopedDatabase(db, { kind: 'platform' })
    : scopedDatabase(db, { kind: 'tenant', municipalityId });
}
