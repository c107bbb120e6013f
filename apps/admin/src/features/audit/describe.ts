import type { Schema } from '@werkstatt/api-client';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';

type AuditEvent = Schema<'AuditEvent'>;

export const actionLabel = (action: string): string =>
  (de.audit.actions as Record<string, string>)[action] ?? action;

export const entityLabel = (entityType: string): string =>
  (de.audit.entities as Record<string, string>)[entityType] ?? entityType;

export const fieldLabel = (key: string): string => (de.audit.fields as Record<string, string>)[key] ?? key;

/** Who did it: a user by their current name or address, an erased one as such, keys and jobs by label. */
export function actorLabel(actor: AuditEvent['actor'], userNames: ReadonlyMap<string, string>): string {
  const label = actor.label ?? '';
  switch (actor.type) {
    case 'user':
      if (label === de.audit.erasedUser) return de.audit.erasedUser;
      if (actor.id && userNames.has(actor.id)) return `${userNames.get(actor.id)} (${label})`;
      return label || de.audit.hiddenUser;
    case 'api_key':
      return de.audit.actorApiKey(label);
    case 'system':
      return de.audit.actorSystem(label);
    case 'public':
      return de.audit.actorPublic(label);
    default:
      return label || actor.type;
  }
}

/** The actor on two lines for the list: the user's name, then their address (when both are known). */
export function actorLines(
  actor: AuditEvent['actor'],
  userNames: ReadonlyMap<string, string>,
): [string, string?] {
  const name = actor.type === 'user' && actor.id ? userNames.get(actor.id) : undefined;
  if (name && actor.label && actor.label !== de.audit.erasedUser) return [name, actor.label];
  return [actorLabel(actor, userNames)];
}

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** A name for the row an event is about: its name or title when it has one, else its short id. */
export function entityName(event: AuditEvent, userNames: ReadonlyMap<string, string>): string {
  for (const side of [event.after, event.before]) {
    const r = record(side);
    for (const key of ['name', 'title', 'lastName']) {
      const value = r?.[key];
      if (typeof value === 'string' && value) {
        return key === 'lastName' && typeof r?.firstName === 'string' ? `${r.firstName} ${value}` : value;
      }
    }
  }
  if (event.entityType === 'user' && userNames.has(event.entityId))
    return userNames.get(event.entityId) ?? '';
  return de.audit.shortId(event.entityId);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface ValueContext {
  municipalityName: (id: string) => string | null;
}

/** A stored value as a person reads it: Ja/Nein, dates in Berlin time, roles and scopes in German. */
export function formatValue(key: string, value: unknown, ctx: ValueContext): string {
  if (value === null || value === undefined || value === '') return de.audit.none;
  if (typeof value === 'boolean') return value ? de.audit.yes : de.audit.no;
  if (typeof value === 'number') return value.toLocaleString('de-DE');
  if (typeof value === 'string') {
    if (key === 'role' && Object.hasOwn(de.roles, value)) return de.roles[value as keyof typeof de.roles];
    if (key === 'municipalityId') return ctx.municipalityName(value) ?? value;
    if (Object.hasOwn(de.apiKeys.scopes, value)) {
      return de.apiKeys.scopes[value as keyof typeof de.apiKeys.scopes].label;
    }
    if (ISO_INSTANT.test(value)) return formatDateTime(value);
    return value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? de.audit.none : value.map((v) => formatValue(key, v, ctx)).join(', ');
  }
  const r = record(value);
  if (r) {
    return Object.entries(r)
      .map(([k, v]) => `${fieldLabel(k)}: ${formatValue(k, v, ctx)}`)
      .join('; ');
  }
  return String(value);
}

export interface FieldChange {
  key: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Before and after side by side, field by field, in the order the resource lists them. */
export function fieldChanges(event: AuditEvent, ctx: ValueContext): FieldChange[] {
  const before = record(event.before);
  const after = record(event.after);
  // The row's id is named above the table already.
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => k !== 'id',
  );
  return keys.map((key) => {
    const b = before?.[key];
    const a = after?.[key];
    return {
      key,
      label: fieldLabel(key),
      before: before ? formatValue(key, b, ctx) : de.audit.none,
      after: after ? formatValue(key, a, ctx) : de.audit.none,
      changed: JSON.stringify(b) !== JSON.stringify(a),
    };
  });
}

/** The fields an update changed, for the list ("Rolle, Gesperrt"); none for creations and deletions. */
export function changedFieldLabels(event: AuditEvent, ctx: ValueContext): string | null {
  if (!record(event.before) || !record(event.after)) return null;
  const labels = fieldChanges(event, ctx)
    .filter((c) => c.changed && c.key !== 'updatedAt')
    .map((c) => c.label);
  return labels.length > 0 ? labels.join(', ') : null;
}
