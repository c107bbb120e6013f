import type { ScopedDatabase } from '@werkstatt/db';
import type { Actor } from './actor.js';

/** What travels from the route to the service; services never read the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  db: ScopedDatabase;
  /** The If-Match header, when the client sent one. */
  ifMatch?: string;
}
