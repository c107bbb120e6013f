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

/** What the audit trail keeps of a user: everything but the name and the e-mail address. */
export const toUserAuditView = ({ email: _email, name: _name, ...kept }: UserDto) => kept;

const email = z.email().max(254).meta({ example: 'anna.schmidt@vg-musterstadt.de' });
const name = z.string().trim().min(1).max(200).meta({ example: 'Anna Schmidt' });
/** The password policy, wherever a password is chosen. */
export const newPassword = z
  .string()
  .min(12)
  .max(1024)
  .meta({ description: 'At least 12 characters. Stored only as an argon2id hash.' });
const municipalityId = z.uuid().meta({
  description: 'Required for municipality roles, absent for program office roles.',
  example: '0190f1c2-7a1b-7cde-8f00-123456789abc',
});

export const createUserBody = z
  .object({
    email,
    name,
    role: userRole,
    municipalityId: municipalityId.optional(),
    password: newPassword.optional().meta({
      description:
        'Optional. The new user gets an invitation mail with a link to set their own password either way; without one, the account has no password until then.',
    }),
  })
  .strict()
  .meta({ id: 'CreateUser' });
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    name,
    role: userRole,
    disabled: z.boolean().meta({ description: 'A disabled user cannot sign in; open sessions end.' }),
    password: newPassword,
    municipalityId: municipalityId
      .nullable()
      .meta({ description: 'Program administrators only: moves the user to another municipality.' }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateUser' });
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const userFilters = {
  municipalityId: z.uuid().optional().meta({ description: 'Only users of this municipality.' }),
  role: userRole.optional().meta({ description: 'Only users with this role.' }),
};
export interface UserFilters {
  municipalityId?: string | undefined;
  role?: z.infer<typeof userRole> | undefined;
}
