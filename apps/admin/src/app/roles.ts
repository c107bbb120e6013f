import type { SessionUser } from '../api/session';

type Role = SessionUser['role'];

/** The program office: plans workshops, manages registrations, municipalities, users and keys. */
export const officeRoles: readonly Role[] = ['program_admin', 'moderator'];

export const isOffice = (user: Pick<SessionUser, 'role'> | null): boolean =>
  user !== null && officeRoles.includes(user.role);

/** Program administrators alone administer users, API keys, programs and municipalities. */
export const isProgramAdmin = (user: Pick<SessionUser, 'role'> | null): boolean =>
  user?.role === 'program_admin';
