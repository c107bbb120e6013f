import { fetchClient } from '../../api/client';
import { filenameFrom, saveBlob } from '../../api/download';
import { session } from '../../api/session';

/**
 * fetch for the event stream and the status polls: the session's access token, and one refresh and
 * retry on a 401, as the generated client does.
 */
export function apiFetch(request: Request): Promise<Response> {
  const token = session.getAccessToken();
  if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
  return session.fetch(request);
}

export const apiBaseUrl = (): string => globalThis.location?.origin ?? '';

/** The PDF is behind the bearer token: fetched as a blob and saved under the server's file name. */
export async function downloadDocument(id: string, fallbackName: string): Promise<void> {
  const { data, error, response } = await fetchClient.GET('/v1/documents/{id}/content', {
    params: { path: { id } },
    parseAs: 'blob',
  });
  if (error || !data) throw error ?? new Error('empty download');
  saveBlob(data as Blob, filenameFrom(response.headers.get('content-disposition'), fallbackName));
}
