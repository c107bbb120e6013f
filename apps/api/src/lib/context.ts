import type { DataScope, ScopedDatabase } from '@werkstatt/db';
import type { Actor } from './actor.js';

/** What travels from the route to the service; services never read the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  /** The actor's own scope (dataScopeOf). */
  db: ScopedDatabase;
  /** Another scope (e.g. 'public' for the peer finder), still checking the actor's credentials. */
  inScope(scope: DataScope): ScopedDatabase;
  /** The If-Match header, when the client sent one. */
  ifMatch?: string;
}
