// Breaking changes between two dereferenced OpenAPI 3.1 documents, seen from a client: what it reads
// (2xx responses) may only grow, what it sends (parameters, request bodies) may only be accepted
// more widely. Each change gets a stable id so it can be approved by that id.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * @typedef {{ id: string, kind: string, operation: string, message: string }} Change
 * @typedef {{ types: Set<string> | null, properties: Map<string, object>, required: Set<string>,
 *   items: object | null, enumValues: unknown[] | null, closed: boolean, object: boolean }} View
 */

/** @returns {Change[]} */
export function findBreakingChanges(base, current) {
  const changes = [];
  const currentOps = operationsOf(current);
  const currentByOperationId = new Map([...currentOps.values()].map((op) => [op.operationId, op]));
  for (const [key, before] of operationsOf(base)) {
    const after = currentOps.get(key);
    const report = reporter(changes, `${before.method.toUpperCase()} ${before.path}`);
    if (!after) {
      const moved = before.operationId && currentByOperationId.get(before.operationId);
      report(
        'operation-removed',
        '',
        moved
          ? `Operation ${before.operationId} is no longer at this path; it is now ${moved.method.toUpperCase()} ${moved.path}.`
          : `Operation ${before.operationId ?? '(no operationId)'} was removed.`,
      );
      continue;
    }
    diffParameters(before, after, report);
    diffRequestBody(before.operation.requestBody, after.operation.requestBody, report);
    diffResponses(before.operation.responses ?? {}, after.operation.responses ?? {}, report);
  }
  return changes;
}

function reporter(changes, operation) {
  return (kind, where, message) => {
    const id = [kind, operation, where].filter(Boolean).join(' ');
    if (!changes.some((c) => c.id === id)) changes.push({ id, kind, operation, message });
  };
}

/** Operations by method and path, path parameters' names ignored ({id} and {programId} are one path). */
function operationsOf(document) {
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
      const parameters = new Map();
      for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        parameters.set(parameterKey(parameter, templateNames), parameter);
      }
      operations.set(`${method} ${path.replace(/\{[^}]*\}/g, '{}')}`, {
        method,
        path,
        operation,
        operationId: operation.operationId,
        parameters,
      });
    }
  }
  return operations;
}

/** Path parameters by their place in the path: renaming one changes no URL a client builds. */
function parameterKey(parameter, templateNames) {
  if (parameter.in === 'path') return `path.#${templateNames.indexOf(parameter.name)}`;
  const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
  return `${parameter.in}.${name}`;
}

/** How a parameter is named in ids and messages. */
function parameterName(parameter) {
  if (parameter.in === 'path') return `path.{${parameter.name}}`;
  return `${parameter.in}.${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}

function parameterSchema(parameter) {
  return parameter.schema ?? Object.values(parameter.content ?? {})[0]?.schema ?? {};
}

function diffParameters(before, after, report) {
  for (const [key, old] of before.parameters) {
    const now = after.parameters.get(key);
    const where = parameterName(old);
    if (!now) {
      report('parameter-removed', where, 'A parameter clients may send was removed.');
      continue;
    }
    if (!old.required && now.required) {
      report('parameter-became-required', where, 'An optional parameter is now required.');
    }
    diffSchema(parameterSchema(old), parameterSchema(now), { mode: 'request', where, report });
  }
  for (const [key, now] of after.parameters) {
    if (now.required && !before.parameters.has(key) && now.in !== 'path') {
      report(
        'required-parameter-added',
        parameterName(now),
        'A new parameter is required; existing calls lack it.',
      );
    }
  }
}

function diffRequestBody(old, now, report) {
  if (!old) {
    if (now?.required) report('request-body-added-required', 'body', 'A request body is now required.');
    return;
  }
  if (!now) return;
  if (!old.required && now.required) {
    report('request-body-became-required', 'body', 'The request body was optional and is now required.');
  }
  for (const [mediaType, content] of Object.entries(old.content ?? {})) {
    const next = now.content?.[mediaType];
    const where = mediaType === 'application/json' ? 'body' : `body(${mediaType})`;
    if (!next) {
      report(
        'request-media-type-removed',
        where,
        `Request bodies of type ${mediaType} are no longer accepted.`,
      );
      continue;
    }
    diffSchema(content.schema ?? {}, next.schema ?? {}, { mode: 'request', where, report });
  }
}

function diffResponses(old, now, report) {
  for (const [status, response] of Object.entries(old)) {
    if (!/^2/.test(status)) continue;
    const next = now[status] ?? now['2XX'];
    if (!next) {
      report('response-status-removed', status, `The success response ${status} is no longer returned.`);
      continue;
    }
    for (const [mediaType, content] of Object.entries(response.content ?? {})) {
      const nextContent = next.content?.[mediaType];
      const prefix = mediaType === 'application/json' ? status : `${status} ${mediaType}`;
      if (!nextContent) {
        report(
          'response-media-type-removed',
          prefix,
          `The ${status} response no longer comes as ${mediaType}.`,
        );
        continue;
      }
      diffSchema(content.schema ?? {}, nextContent.schema ?? {}, {
        mode: 'response',
        where: '',
        prefix,
        report,
      });
    }
  }
}

/**
 * @param {object} old
 * @param {object} now
 * @param {{ mode: 'request' | 'response', where: string, prefix?: string, report: Function,
 *   seen?: Map<object, Set<object>> }} context
 */
function diffSchema(old, now, context) {
  const { mode, where, report } = context;
  const seen = context.seen ?? new Map();
  // Recursive schemas: each pair of schemas is compared once, and no field path gets endless.
  if (where.length > 1000) return;
  if (old && typeof old === 'object') {
    const pairs = seen.get(old) ?? new Set();
    if (pairs.has(now)) return;
    pairs.add(now);
    seen.set(old, pairs);
  }
  const at = (kind, message, suffix = '') => {
    const field = where || (mode === 'response' ? '(root)' : 'body');
    report(kind, [context.prefix, field, suffix].filter(Boolean).join(' '), message);
  };
  const before = flatten(old);
  const after = flatten(now);

  if (before.types && after.types) {
    const [from, to] = mode === 'response' ? [after.types, before.types] : [before.types, after.types];
    const lost = [...from].filter((type) => !covers(to, type));
    if (lost.length > 0) {
      at(
        `${mode}-type-changed`,
        `Type changed from ${[...before.types].join('|')} to ${[...after.types].join('|')}.`,
      );
    }
  }
  if (before.enumValues && after.enumValues) {
    for (const value of before.enumValues) {
      if (!after.enumValues.some((v) => Object.is(v, value))) {
        at(
          `${mode}-enum-value-removed`,
          `The value ${JSON.stringify(value)} was removed.`,
          JSON.stringify(value),
        );
      }
    }
  }

  const child = (name) => (where ? `${where}.${name}` : name);
  for (const [name, schema] of before.properties) {
    const next = after.properties.get(name);
    if (!next) {
      if (mode === 'response') {
        reportField('response-property-removed', name, 'A response field was removed.');
      } else if (after.closed) {
        // Objects are strict: a field the server no longer knows is a 400.
        reportField(
          'request-property-removed',
          name,
          'A request field was removed; sending it is now rejected.',
        );
      }
      continue;
    }
    if (mode === 'response' && before.required.has(name) && !after.required.has(name)) {
      reportField(
        'response-property-became-optional',
        name,
        'A response field that was always present is now optional.',
      );
    }
    if (mode === 'request' && !before.required.has(name) && after.required.has(name)) {
      reportField('request-property-became-required', name, 'An optional request field is now required.');
    }
    diffSchema(schema, next, { ...context, where: child(name), seen });
  }
  if (mode === 'request') {
    for (const name of after.required) {
      if (!before.required.has(name) && !before.properties.has(name) && after.properties.has(name)) {
        reportField(
          'request-property-added-required',
          name,
          'A new request field is required; existing requests lack it.',
        );
      }
    }
  }
  if (before.items && after.items) {
    diffSchema(before.items, after.items, { ...context, where: `${where}[]`, seen });
  }

  function reportField(kind, name, message) {
    report(kind, [context.prefix, child(name)].filter(Boolean).join(' '), message);
  }
}

/** "integer" is a "number"; anything is allowed where the type is unconstrained. */
function covers(types, type) {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/**
 * One view of a schema with allOf merged and anyOf/oneOf joined, so that `{ allOf: [Base, {…}] }` and
 * a nullable `{ anyOf: [Thing, { type: 'null' }] }` are compared by their fields.
 * @returns {View}
 */
export function flatten(schema, depth = 0) {
  /** @type {View} */
  const view = {
    types: null,
    properties: new Map(),
    required: new Set(),
    items: null,
    enumValues: null,
    closed: false,
    object: false,
  };
  if (!schema || typeof schema !== 'object' || depth > 32) return view;
  if (schema.type !== undefined) view.types = new Set([schema.type].flat());
  if (Array.isArray(schema.enum)) view.enumValues = [...schema.enum];
  if ('const' in schema) view.enumValues = [schema.const];
  for (const [name, property] of Object.entries(schema.properties ?? {})) view.properties.set(name, property);
  for (const name of schema.required ?? []) view.required.add(name);
  if (schema.items && typeof schema.items === 'object') view.items = schema.items;
  view.closed = schema.additionalProperties === false || schema.unevaluatedProperties === false;
  view.object = Boolean(schema.properties) || view.types?.has('object') === true;

  for (const part of schema.allOf ?? []) intersect(view, flatten(part, depth + 1));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    intersect(view, union(alternatives.map((alternative) => flatten(alternative, depth + 1))));
  }
  return view;
}

/** allOf: every part holds. */
function intersect(view, part) {
  if (part.types)
    view.types = view.types ? new Set([...view.types].filter((t) => covers(part.types, t))) : part.types;
  if (part.enumValues) {
    view.enumValues = view.enumValues
      ? view.enumValues.filter((v) => part.enumValues.some((w) => Object.is(v, w)))
      : part.enumValues;
  }
  for (const [name, property] of part.properties) {
    const existing = view.properties.get(name);
    view.properties.set(name, existing && existing !== property ? { allOf: [existing, property] } : property);
  }
  for (const name of part.required) view.required.add(name);
  if (part.items)
    view.items = view.items && view.items !== part.items ? { allOf: [view.items, part.items] } : part.items;
  view.closed ||= part.closed;
  view.object ||= part.object;
}

/** anyOf/oneOf: one of the alternatives holds. A `null` alternative only adds the type and the value. */
function union(alternatives) {
  const objects = alternatives.filter((a) => a.object);
  const onlyNull = (a) => a.types?.size === 1 && a.types.has('null');
  /** @type {View} */
  const view = {
    types: alternatives.every((a) => a.types) ? new Set(alternatives.flatMap((a) => [...a.types])) : null,
    properties: new Map(),
    required: new Set(),
    items: null,
    enumValues: alternatives.every((a) => a.enumValues || onlyNull(a))
      ? alternatives.flatMap((a) => a.enumValues ?? [null])
      : null,
    closed: objects.length > 0 && objects.every((a) => a.closed),
    object: objects.length > 0,
  };
  for (const alternative of alternatives) {
    for (const [name, property] of alternative.properties) {
      const existing = view.properties.get(name);
      view.properties.set(
        name,
        existing && existing !== property ? { anyOf: [existing, property] } : property,
      );
    }
  }
  // A field is required when every object alternative requires it.
  for (const name of objects[0]?.required ?? []) {
    if (objects.every((a) => a.required.has(name))) view.required.add(name);
  }
  const items = alternatives.map((a) => a.items).filter(Boolean);
  if (items.length > 0) view.items = items.length === 1 ? items[0] : { anyOf: items };
  return view;
}
