import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { isAllowListed, isForbiddenAddress } from '@werkstatt/webhooks';
import { errorMessage } from '../logger.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; injectable so a test can play DNS rebinding. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** What one attempt brought: an answer (status code, body excerpt) or an error, and how long it took. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  /** Short, without secrets: never the headers or the URL's credentials. */
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

export interface WebhookClientOptions {
  resolve?: Resolve;
  /** Origins (WEBHOOK_ALLOWED_TARGETS) that may be internal addresses and may use http. */
  allowList: readonly string[];
  timeoutMs: number;
}

export interface WebhookClient {
  post(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome>;
  close(): void;
}

export const USER_AGENT = 'Werkstatt-Webhooks/1';
const EXCERPT_BYTES = 1024;
// Past this much of an answer's body the connection is dropped rather than drained for reuse.
const DRAIN_LIMIT_BYTES = 64 * 1024;
const MAX_ERROR_CHARS = 300;

/** A target the SSRF rules refuse: nothing was sent, no connection made. */
export class RefusedTargetError extends Error {
  override readonly name = 'RefusedTargetError';
}

/**
 * Posts webhook deliveries. Keep-alive agents carry many deliveries to the same receiver over few
 * connections. The SSRF check runs where the connection is made: the agent's lookup resolves the
 * name and refuses when any address is internal, so what is checked is what is connected to. A
 * literal IP in the URL never reaches the lookup, so it is checked before. Redirects are not followed.
 */
export function createWebhookClient(options: WebhookClientOptions): WebhookClient {
  const resolve = options.resolve ?? resolveWithDns;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 32, timeout: 30_000 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 32, timeout: 30_000 }),
  };

  /** A lookup through `resolve`; it refuses internal addresses unless the origin is allow-listed. */
  const lookupFor =
    (allowListed: boolean): LookupFunction =>
    (hostname, lookupOptions, callback) => {
      resolve(hostname)
        .then((found) => {
          const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
          const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
          if (addresses.length === 0) throw new Error(`${hostname} does not resolve`);
          const internal = allowListed ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
          if (internal) {
            throw new RefusedTargetError(
              `Refused: ${hostname} resolves to ${internal.address}, which is not a public address`,
            );
          }
          if (lookupOptions.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        })
        .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
    };
  const lookups = { allowListed: lookupFor(true), guarded: lookupFor(false) };

  /** Why the URL may not be posted to at all, or null. */
  function refusal(url: URL, allowListed: boolean): string | null {
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) {
      return 'Refused: only https targets are allowed';
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowListed && isIP(host) !== 0 && isForbiddenAddress(host)) {
      return `Refused: ${host} is not a public address`;
    }
    return null;
  }

  async function post(target: string, headers: Record<string, string>, body: string) {
    const started = performance.now();
    const done = (outcome: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({
      ...outcome,
      error: outcome.error === null ? null : outcome.error.slice(0, MAX_ERROR_CHARS),
      durationMs: Math.round(performance.now() - started),
    });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return done({ ok: false, statusCode: null, error: 'Invalid URL', responseExcerpt: null });
    }
    const allowListed = isAllowListed(url, options.allowList);
    const refused = refusal(url, allowListed);
    if (refused) return done({ ok: false, statusCode: null, error: refused, responseExcerpt: null });

    const payload = Buffer.from(body, 'utf8');
    return new Promise<AttemptOutcome>((settle) => {
      let settled = false;
      const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle(done(outcome));
      };
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          // Allow-listed origins are trusted by configuration; every other name is checked on connect.
          lookup: allowListed ? lookups.allowListed : lookups.guarded,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(payload.length),
            'user-agent': USER_AGENT,
          },
        },
        (response) => {
          const statusCode = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let kept = 0;
          let seen = 0;
          const answered = () => {
            const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
            const ok = statusCode >= 200 && statusCode < 300;
            const redirect = statusCode >= 300 && statusCode < 400;
            finish({
              ok,
              statusCode,
              error: redirect ? `Redirect (${statusCode}) not followed` : null,
              // Postgres text holds no NUL characters.
              responseExcerpt: excerpt.replaceAll('\u0000', ''),
            });
          };
          response.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (kept < EXCERPT_BYTES) {
              chunks.push(chunk);
              kept += chunk.length;
            }
            if (seen > DRAIN_LIMIT_BYTES) {
              answered();
              response.destroy();
            }
          });
          response.on('end', answered);
          response.on('error', (err) => finish(failure(err)));
        },
      );
      const timer = setTimeout(() => {
        finish(failure(new Error(`Timed out after ${options.timeoutMs} ms`)));
        request.destroy();
      }, options.timeoutMs);
      request.on('error', (err) => finish(failure(err)));
      request.end(payload);
    });
  }

  return {
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function failure(err: unknown): Omit<AttemptOutcome, 'durationMs'> {
  const code = (err as NodeJS.ErrnoException).code;
  const message = errorMessage(err);
  const error = code && !message.includes(code) ? `${code}: ${message}` : message;
  return { ok: false, statusCode: null, error, responseExcerpt: null };
}
