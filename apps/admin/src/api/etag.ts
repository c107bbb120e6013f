import type { Middleware } from 'openapi-fetch';

/**
 * The ETag of each resource as last read or written, by path. A form takes the tag once, when it takes
 * its initial values, and sends it as If-Match: a later background refetch must not turn an edit of an
 * older version into a blind overwrite.
 */
const tags = new Map<string, string>();

export const etagRecorder: Middleware = {
  onResponse({ request, response }) {
    const tag = response.headers.get('etag');
    if (tag && response.ok && ['GET', 'PATCH', 'PUT'].includes(request.method)) {
      tags.set(new URL(response.url || request.url).pathname, tag);
    }
    return undefined;
  },
};

/** The last known ETag of a resource path such as `/v1/workshops/019…`, if it was read. */
export const etagFor = (path: string): string | undefined => tags.get(path);

/** Test helper and sign-out: forget every tag. */
export const forgetEtags = (): void => tags.clear();
