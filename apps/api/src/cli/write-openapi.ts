import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDeps } from '../deps.js';

/** Where the committed contract lives; the typed client is generated from it. */
export const OPENAPI_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../packages/api-client/openapi.json',
);

// pg pools connect lazily and without REDIS_URL nothing talks to Redis, so building the app touches
// no server. The URL is fixed so the document does not depend on the environment it is written in.
const OFFLINE_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://localhost:3000',
};

/**
 * Builds the app offline and returns its OpenAPI document, exactly as GET /openapi.json serves it;
 * `env` shows what a deployment's own settings (e.g. its contact) change.
 */
export async function generateOpenApiDocument(
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const app = await buildApp(await createDeps(loadConfig({ ...OFFLINE_ENV, ...env })));
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

const TOP_LEVEL_ORDER = ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'webhooks', 'components'];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sorts object keys so the file does not change when routes or schemas are registered in another
 * order. The members of `properties` keep their declared order: it is the order readers and the
 * generated types show.
 */
function sortKeys(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (!isPlainObject(value)) return value;
  const keys = keepOrder ? Object.keys(value) : Object.keys(value).sort();
  return Object.fromEntries(keys.map((k) => [k, sortKeys(value[k], k === 'properties')]));
}

/** The committed form: stable key order, two-space indentation, trailing newline. */
export function serializeOpenApi(doc: Record<string, unknown>): string {
  const sorted = sortKeys(doc) as Record<string, unknown>;
  const rank = (k: string) => {
    const i = TOP_LEVEL_ORDER.indexOf(k);
    return i === -1 ? TOP_LEVEL_ORDER.length : i;
  };
  const keys = Object.keys(sorted).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return `${JSON.stringify(Object.fromEntries(keys.map((k) => [k, sorted[k]])), null, 2)}\n`;
}

export async function writeOpenApi(target = OPENAPI_PATH): Promise<string> {
  await writeFile(target, serializeOpenApi(await generateOpenApiDocument()), 'utf8');
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeOpenApi().then(
    (target) => console.log(`Wrote ${path.relative(process.cwd(), target)}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
