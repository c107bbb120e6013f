import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Which rows of a table the program office or a municipality administrator manages (users, API keys,
 * webhook subscriptions): `tenantId` confines an administrator to their municipality (undefined for
 * the program office), `municipalityId` is the program office's filter.
 */
export interface TenantFilter {
  tenantId?: string | undefined;
  municipalityId?: string | undefined;
}

export const tenantCondition = (column: PgColumn, filter: TenantFilter): SQL | undefined =>
  and(
    filter.tenantId ? eq(column, filter.tenantId) : undefined,
    filter.municipalityId ? eq(column, filter.municipalityId) : undefined,
  );
