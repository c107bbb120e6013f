import { describe, expect, it } from 'vitest';
import { createWerkstattClient, type Schema } from '../src/index.js';

const program: Schema<'Program'> = {
  id: '0190f1c2-7a1b-7cde-8f00-123456789abc',
  name: 'Digital-Werkstatt',
  slug: 'digital-werkstatt',
  description: null,
  startsOn: '2026-01-01',
  endsOn: null,
  eligibleKinds: ['verbandsgemeinde'],
  maxMunicipalitiesPerWorkshop: 3,
  maxParticipants: 30,
  dotVotesPerField: 3,
  contact: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
};

/** A fetch that records what the client sends and answers with a fixed response. */
function recordingFetch(respond: () => Response) {
  const sent: Request[] = [];
  const fetch = async (request: Request) => {
    sent.push(request);
    return respond();
  };
  return { sent, fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('createWerkstattClient', () => {
  it('sends the current access token as a bearer header and returns the typed body', async () => {
    const { sent, fetch } = recordingFetch(() => json(200, program));
    let token = 'first-token';
    const client = createWerkstattClient({
      baseUrl: 'https://werkstatt.example',
      getAccessToken: () => token,
      fetch,
    });

    const { data } = await client.GET('/v1/programs/{id}', { params: { path: { id: program.id } } });
    token = 'refreshed-token';
    await client.GET('/v1/programs/{id}', { params: { path: { id: program.id } } });

    expect(data?.slug).toBe('digital-werkstatt');
    expect(sent.map((r) => r.url)).toEqual([
      `https://werkstatt.example/v1/programs/${program.id}`,
      `https://werkstatt.example/v1/programs/${program.id}`,
    ]);
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer first-token',
      'Bearer refreshed-token',
    ]);
  });

  it('sends no authorization header when there is no token, and keeps one given per call', async () => {
    const { sent, fetch } = recordingFetch(() => json(200, { data: [], nextCursor: null }));
    const client = createWerkstattClient({
      baseUrl: 'https://werkstatt.example',
      getAccessToken: async () => null,
      fetch,
    });

    await client.GET('/v1/programs', { params: { query: { limit: 10 } } });
    await client.GET('/v1/programs', { headers: { authorization: 'Bearer wst_portal-key' } });

    expect(sent[0]?.headers.get('authorization')).toBeNull();
    expect(new URL(sent[0]!.url).searchParams.get('limit')).toBe('10');
    expect(sent[1]?.headers.get('authorization')).toBe('Bearer wst_portal-key');
  });

  it('returns problem documents as the error', async () => {
    const problem: Schema<'Problem'> = {
      type: '/problems/not_found',
      title: 'Not Found',
      status: 404,
      detail: 'Program was not found.',
      code: 'not_found',
      requestId: 'req-1',
    };
    const { fetch } = recordingFetch(() => json(404, problem, 'application/problem+json'));
    const client = createWerkstattClient({ baseUrl: 'https://werkstatt.example', fetch });

    const { data, error, response } = await client.GET('/v1/programs/{id}', {
      params: { path: { id: program.id } },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ code: 'not_found', requestId: 'req-1' });
  });
});
