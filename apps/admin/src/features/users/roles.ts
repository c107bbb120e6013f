import type { Schema } from '@werkstatt/api-client';
import { officeRoles } from '../../app/roles';
import { de } from '../../i18n/de';

export type Role = Schema<'UserRole'>;

/** The roles in the order of their reach, with their German names. */
export const roleOptions = (Object.keys(de.roles) as Role[]).map((value) => ({
  value,
  label: de.roles[value],
}));

/** Municipality roles apply to one municipality; program office roles to none. */
export const needsMunicipality = (role: Role | ''): boolean => role !== '' && !officeRoles.includes(role);

/** The roles a municipality's own administration grants: those of a municipality, never the office's. */
export const municipalityRoleOptions = roleOptions.filter((o) => needsMunicipality(o.value));
