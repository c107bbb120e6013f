import { useSyncExternalStore } from 'react';
import { type SessionUser, session } from '../api/session';
import { isProgramAdmin } from './roles';

/** The signed-in user of this tab, re-rendering when the session changes. */
export const useCurrentUser = (): SessionUser | null =>
  useSyncExternalStore(session.subscribe, session.getState).user;

/** Whether the signed-in user may change programs, catalogs and municipalities (not moderators). */
export const useIsProgramAdmin = (): boolean => isProgramAdmin(useCurrentUser());
