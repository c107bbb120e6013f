import net from 'node:net';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { expect, vi } from 'vitest';
import { auditEvents, type Database } from '../../src/index.js';

/** The pg queries fn sends, by text (each is one `client.query` call). */
export async function sentQueries<T>(fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    const result = await fn();
    return {
      result,
      texts: spy.mock.calls.map((c) => (typeof c[0] === 'string' ? c[0] : (c[0] as { text: string }).text)),
    };
  } finally {
    spy.mockRestore();
  }
}

/** An audit event to insert: a row any scope's test can write and find again by its action. */
export const auditRow = (entityId: string, action = 'test.written') => ({
  actorType: 'public' as const,
  actorId: null,
  actorLabel: 'Test',
  municipalityId: null,
  action,
  entityType: 'municipality',
  entityId,
  requestId: 'test',
});

/** The audit events with this action, read as the owner (what a transaction really committed). */
export const auditEventsWith = (owner: Database, action: string) =>
  owner.select().from(auditEvents).where(eq(auditEvents.action, action));

/** The pool's one connection is back as it was: no transaction open, the connecting role again. */
export async function expectCleanConnection(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query('select current_user, pg_current_xact_id_if_assigned() as xid');
  expect(rows[0]).toEqual({ current_user: 'postgres', xid: null });
}

/** The socket writes fn makes, by kind: several buffers in one system call (writev), or one (write). */
export async function socketWrites<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; writev: number; write: number }> {
  const writev = vi.spyOn(net.Socket.prototype as unknown as { _writev: () => void }, '_writev');
  const write = vi.spyOn(net.Socket.prototype as unknown as { _write: () => void }, '_write');
  try {
    const result = await fn();
    return { result, writev: writev.mock.calls.length, write: write.mock.calls.length };
  } finally {
    writev.mockRestore();
    write.mockRestore();
  }
}
