import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './support/harness.js';
import { createProgram, putStrategy, strategyBody, type TestProgram } from './support/strategy-fixtures.js';

let h: Harness;
let program: TestProgram;

beforeAll(async () => {
  h = await createHarness();
  program = await createProgram(h, 2);
});
afterAll(() => h.close());

interface Tenant {
  id: string;
  admin: TestUser;
}

/** A municipality with a strategy and one measure, made through the API. */
async function tenant(name: string): Promise<Tenant> {
  const m = await h.municipality({ name });
  const admin = await h.user('municipality_admin', m.id);
  const [f1] = program.fields;
  const put = await putStrategy(h, admin.token, m.id, strategyBody(program.id, [f1!.id]));
  expect(put.statusCode, put.body).toBe(201);
  const measure = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${m.id}/measures`,
    token: admin.token,
    payload: { title: 'Freies WLAN im Bürgerhaus', actionFieldId: f1!.id },
  });
  expect(measure.statusCode, measure.body).toBe(201);
  return { id: m.id, admin };
}

/** A new version of the tenant's strategy with its document requested; the document's id. */
async function versionWithDocument(
  t: Tenant,
  label: string,
): Promise<{ versionId: string; documentId: string }> {
  const version = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${t.id}/strategy/versions`,
    token: t.admin.token,
    payload: { label },
  });
  expect(version.statusCode, version.body).toBe(201);
  const versionId = version.json().id as string;
  const document = await h.request({
    method: 'POST',
    url: `/v1/municipalities/${t.id}/strategy/versions/${versionId}/documents`,
    token: t.admin.token,
  });
  expect(document.statusCode, document.body).toBe(202);
  return { versionId, documentId: document.json().id };
}

const list = (t: Tenant, token: string, query = '') =>
  h.request({ method: 'GET', url: `/v1/municipalities/${t.id}/documents${query}`, token });

describe('GET /v1/municipalities/{id}/documents', () => {
  it('lists the documents newest first, each with its version', async () => {
    const t = await tenant('Verbandsgemeinde Listenheim');
    const first = await versionWithDocument(t, 'Ergebnis der Werkstatt');
    const second = await versionWithDocument(t, 'Ratsbeschluss');

    const res = await list(t, t.admin.token);

    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((d: { id: string }) => d.id)).toEqual([second.documentId, first.documentId]);
    expect(page.data[0]).toMatchObject({
      municipalityId: t.id,
      strategyVersionId: second.versionId,
      status: 'queued',
      progress: 0,
      pageCount: null,
      sizeBytes: null,
      version: { id: second.versionId, number: 2, label: 'Ratsbeschluss' },
    });
    expect(page.data[1].version).toEqual({ id: first.versionId, number: 1, label: 'Ergebnis der Werkstatt' });
  });

  it('is empty for a municipality without documents', async () => {
    const t = await tenant('Ortsgemeinde Leerdorf');
    const res = await list(t, t.admin.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ data: [], nextCursor: null });
  });

  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    const t = await tenant('Stadt Seitenburg');
    const made: string[] = [];
    for (const label of ['Eins', 'Zwei', 'Drei']) made.push((await versionWithDocument(t, label)).documentId);

    const one = await list(t, t.admin.token, '?limit=2');
    expect(one.statusCode, one.body).toBe(200);
    const p1 = one.json();
    expect(p1.data.map((d: { id: string }) => d.id)).toEqual([made[2], made[1]]);
    expect(p1.nextCursor).toEqual(expect.any(String));

    const two = await list(t, t.admin.token, `?limit=2&cursor=${encodeURIComponent(p1.nextCursor)}`);
    expect(two.statusCode, two.body).toBe(200);
    const p2 = two.json();
    expect(p2.data.map((d: { id: string }) => d.id)).toEqual([made[0]]);
    expect(p2.nextCursor).toBeNull();

    const bad = await list(t, t.admin.token, '?cursor=kaputt');
    expect(bad.statusCode).toBe(400);
  });

  it('is readable by the viewer, a read key and the program office', async () => {
    const t = await tenant('Gemeinde Lesedorf');
    const { documentId } = await versionWithDocument(t, 'Stand Herbst');
    const viewer = await h.user('municipality_viewer', t.id);
    const readKey = await h.apiKey(['municipality:read'], t.id);
    const moderator = await h.user('moderator');
    for (const token of [viewer.token, readKey.key, moderator.token]) {
      const res = await list(t, token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.map((d: { id: string }) => d.id)).toEqual([documentId]);
    }
  });

  it('refuses another municipality as 404 and shows none of its documents', async () => {
    const own = await tenant('Gemeinde Eigenheim');
    const foreign = await tenant('Stadt Fremdingen');
    await versionWithDocument(foreign, 'Fremde Fassung');

    for (const token of [own.admin.token, (await h.apiKey(['municipality:read'], own.id)).key]) {
      const res = await list(foreign, token);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    const mine = await list(own, own.admin.token);
    expect(mine.json().data).toEqual([]);
  });

  it('is a 404 for a municipality that does not exist', async () => {
    const admin = await h.user('program_admin');
    const res = await h.request({
      method: 'GET',
      url: '/v1/municipalities/0190f1c2-7a1b-7cde-8f00-123456789abc/documents',
      token: admin.token,
    });
    expect(res.statusCode).toBe(404);
  });
});
