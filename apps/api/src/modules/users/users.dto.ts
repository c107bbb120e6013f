import { userRoles, type users } from '@werkstatt/db';
import { z } from 'zod';
import { iso, timestamp } from '../../lib/schemas.js';

export const userRole = z.enum(userRoles).meta({ id: 'UserRole' });

export const user = z
  .object({
    id: z.uuid(),
    email: z.email(),
    name: z.string(),
    role: userRole,
    municipalityId: z.uuid().nullable(),
    disabled: z.boolean(),
    lastLoginAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({ id: 'User', description: 'A person who signs in: program office staff or municipality staff.' });
export type UserDto = z.infer<typeof user>;

export const toUserDto = (r: typeof users.$inferSelect): UserDto => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  municipalityId: r.municipalityId,
  disabled: r.disabled,
  lastLoginAt: iso(r.lastLoginAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});
