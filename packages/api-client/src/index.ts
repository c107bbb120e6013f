import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** A named schema of the API, e.g. `Schema<'Program'>` or `Schema<'Problem'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The RFC 9457 problem document every error response carries. */
export type Problem = Schema<'Problem'>;

export type WerkstattClient = Client<paths>;

export interface WerkstattClientOptions {
  /** Origin of the API, e.g. `https://werkstatt.example`; paths in calls start with `/v1/…`. */
  baseUrl: string;
  /**
   * Returns the bearer credential for the next request: a JWT access token or an API key (`wst_…`).
   * Called once per request, so a refreshed token is picked up without a new client. Return nothing
   * for anonymous calls such as login.
   */
  getAccessToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** A fetch implementation other than `globalThis.fetch` (tests, server-side rendering). */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every request. */
  headers?: ClientOptions['headers'];
}

/** The typed client: `client.GET('/v1/programs/{id}', { params: { path: { id } } })`. */
export function createWerkstattClient(options: WerkstattClientOptions): WerkstattClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const { getAccessToken } = options;
  if (getAccessToken) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        // An explicit Authorization header on a single call wins over the client's credential.
        if (request.headers.has('authorization')) return undefined;
        const token = await getAccessToken();
        if (token) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
