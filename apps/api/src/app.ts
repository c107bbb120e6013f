import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { closeDeps, type Deps } from './deps.js';
import { requestLogView } from './lib/log-redaction.js';
import { responseSerializer } from './lib/serializer.js';
import { browserOrigins } from './modules/auth/index.js';
import { registerModules } from './modules/index.js';
import { authPlugin } from './plugins/auth.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { metricsPlugin } from './plugins/metrics.js';
import { municipalityInUsePlugin } from './plugins/municipality-in-use.js';
import { openapiPlugin } from './plugins/openapi.js';
import { problemsPlugin } from './plugins/problems.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { strictQueryPlugin } from './plugins/strict-query.js';
import { tracingPlugin } from './plugins/tracing.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type App = FastifyInstance;

/**
 * pg emits errors of idle pooled connections (Postgres restarted, connection killed) on the pool;
 * without a listener that is an uncaught exception that ends the process. The pool replaces them.
 */
function watchDatabase(app: FastifyInstance, deps: Deps): void {
  deps.pool.on('error', (err) => app.log.error({ err }, 'idle database connection failed'));
}

/**
 * Logs a Redis outage once and its end, instead of ioredis printing every failed reconnect as an
 * unhandled error. Requests keep being served meanwhile (rate limits step aside, login throttling
 * counts in memory, /readyz reports it).
 */
function watchRedis(app: FastifyInstance, deps: Deps): void {
  const redis = deps.redis;
  if (!redis) return;
  let down = false;
  const onError = (err: Error) => {
    if (down) return;
    down = true;
    app.log.error({ err }, 'redis unavailable');
  };
  const onReady = () => {
    if (down) app.log.info('redis available again');
    down = false;
  };
  redis.on('error', onError).on('ready', onReady);
}

export interface BuildOptions {
  /** Where log lines go instead of stdout (tests read them back). */
  logStream?: { write(line: string): void };
}

/** Builds the Fastify instance: external plugins, then app plugins, then routes. */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const proxies = config.TRUST_PROXY;
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Request lines carry the URL with its secrets replaced and no headers; the paths below catch
      // a request or headers logged whole elsewhere.
      serializers: { req: requestLogView },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.body.password',
          'req.body.refreshToken',
          'req.body.token',
          'headers.authorization',
          'headers.cookie',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(config.NODE_ENV === 'development' && !options.logStream
        ? { transport: { target: 'pino-pretty' } }
        : {}),
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    // A client that trickles its headers or body holds a connection; these close it (408). Node checks
    // the first two only every connectionsCheckingInterval (30 s by default), so more often here.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, config.HEADERS_TIMEOUT_MS),
    },
    // A hop count as a function: Fastify's types do not take a number, its proxy-addr does the same.
    trustProxy: typeof proxies === 'number' ? (_address: string, hop: number) => hop < proxies : proxies,
    // genReqId alone decides: with requestIdHeader set, Fastify would take any incoming value unchecked.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  watchDatabase(app, deps);
  watchRedis(app, deps);
  // First, so its onResponse hook times every request, including those a later plugin refuses.
  await app.register(metricsPlugin, deps);
  await app.register(tracingPlugin);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer({ check: config.NODE_ENV !== 'production' }));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cors, {
    // The admin app at APP_URL and CORS_ORIGINS; the same list guards the refresh cookie's routes.
    origin: browserOrigins(config),
    credentials: true,
    // Every request header the API reads; x-werkstatt-client asks for the refresh cookie.
    allowedHeaders: [
      'authorization',
      'content-type',
      'if-match',
      'if-none-match',
      'idempotency-key',
      'last-event-id',
      'x-request-id',
      'x-werkstatt-client',
    ],
    // What a browser client may read: everything the OpenAPI document names as a response header.
    exposedHeaders: [
      'etag',
      'location',
      'x-request-id',
      'retry-after',
      'idempotent-replayed',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'ratelimit',
      'ratelimit-policy',
    ],
  });
  await app.register(problemsPlugin);
  await app.register(openapiPlugin, {
    publicUrl: config.PUBLIC_URL,
    contact: {
      name: config.API_CONTACT_NAME,
      ...(config.API_CONTACT_EMAIL ? { email: config.API_CONTACT_EMAIL } : {}),
    },
  });
  await app.register(authPlugin, deps);
  await app.register(rateLimitPlugin, deps);
  await app.register(municipalityInUsePlugin);
  await app.register(idempotencyPlugin);
  await app.register(strictQueryPlugin);
  await registerModules(app, deps);
  app.addHook('onClose', () => closeDeps(deps));
  return app;
}
