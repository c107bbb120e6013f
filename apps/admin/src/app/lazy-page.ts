import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own bound; the props type is kept below
type AnyComponent = ComponentType<any>;

/**
 * A page loaded when it is first shown: its code stays out of the first load, which every visitor
 * pays for, invitees and the sign-in page included. AppShell shows the loading line meanwhile.
 */
export function lazyPage<M extends { [P in K]: AnyComponent }, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
