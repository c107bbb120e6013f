import { createWerkstattClient } from '@werkstatt/api-client';
import createQueryClient from 'openapi-react-query';
import { etagRecorder } from './etag';
import { session } from './session';

/**
 * The console is served from the same site as the API (the dev server forwards /v1), so calls go to
 * the page's own origin. Requests carry the session's access token and are retried once after a
 * refresh when it has expired; fetch is looked up per call, so tests can stand in for the network.
 */
export const fetchClient = createWerkstattClient({
  baseUrl: globalThis.location?.origin ?? '',
  getAccessToken: session.getAccessToken,
  fetch: (request) => session.fetch(request),
});
fetchClient.use(etagRecorder);

/** Typed hooks over the generated paths: `$api.useQuery('get', '/v1/…', init)`. */
export const $api = createQueryClient(fetchClient);
