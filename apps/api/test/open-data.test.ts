import { measures, municipalities, strategies, strategyFields } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openDataMeasure,
  openDataMeasures,
  openDataStrategies,
  openDataStrategy,
} from '../src/modules/open-data/open-data.schemas.js';
import { createHarness, type Harness } from './support/harness.js';
import { createProgram, type TestProgram } from './support/strategy-fixtures.js';

// The open-data downloads as a portal sees them: anonymous, only what was published, RFC 4180 CSV
// whose JSON twin says the same, conditional requests, the license, and the DCAT-AP.de catalogue.

const PUBLIC_URL = 'https://werkstatt.example.org';
const LIMIT = 5;
const LICENSE_URL = 'http://dcat-ap.de/def/licenses/dl-by-de/2.0';

const MEASURE_COLUMNS = [
  'measure_id',
  'municipality_id',
  'municipality_name',
  'municipality_ars',
  'state_code',
  'action_field_key',
  'action_field_title',
  'title',
  'description',
  'status',
  'start_window',
  'start_date',
  'end_date',
  'lead_unit',
  'progress_percent',
  'steps_total',
  'steps_done',
  'budget_cents',
  'funding_source',
  'grant_program',
  'updated_at',
  'url',
];
const STRATEGY_COLUMNS = [
  'strategy_id',
  'municipality_id',
  'municipality_name',
  'municipality_ars',
  'municipality_kind',
  'state_code',
  'title',
  'status',
  'adopted_on',
  'council_resolution',
  'resolution_meeting_on',
  'action_fields',
  'action_field_keys',
  'measure_count',
  'updated_at',
  'url',
];

let h: Harness;
let program: TestProgram;
/** Published, with umlauts and a contact person; its measures are the ones to find. */
let published: { id: string; strategyId: string; tricky: string; formula: string; deleted: string };
/** A strategy not published: nothing of it may appear. */
let unpublished: { id: string; measure: string };
/** Published, with more measures than one page holds. */
let large: { id: string; count: number };

let address = 0;
/** Each call from its own client address, so only the rate-limit test meets the limit. */
const get = (
  url: string,
  headers: Record<string, string> = {},
  remoteAddress = `10.77.${(address >> 8) & 255}.${++address & 255}`,
) => h.request({ method: 'GET', url, headers, remoteAddress });

/** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'the file ends with CRLF').toBe('');
  expect(row).toEqual([]);
  return rows;
}

/** The CSV as records keyed by column name, after checking the header. */
function csvRecords(res: LightMyRequestResponse, columns: string[]): Record<string, string>[] {
  const [header, ...rows] = parseCsv(res.body);
  expect(header).toEqual(columns);
  for (const r of rows) expect(r).toHaveLength(columns.length);
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]!])));
}

beforeAll(async () => {
  h = await createHarness({ PUBLIC_URL: `${PUBLIC_URL}/`, OPEN_DATA_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  program = await createProgram(h, 3);
  const [f1, f2] = program.fields;

  const municipality = await h.municipality({
    name: 'Verbandsgemeinde Süßenbrück-Öhringen',
    ars: '071234567890',
    contactName: 'Erika Kontaktperson',
    contactEmail: 'erika.kontakt@vg-suessenbrueck.example',
    contactPhone: '+49 6351 123456',
  });
  const [strategy] = await h.owner
    .insert(strategies)
    .values({
      municipalityId: municipality.id,
      programId: program.id,
      title: 'Digitalstrategie Süßenbrück',
      status: 'adopted',
      adoptedOn: '2026-05-04',
      councilResolution: 'Beschluss 2026/041',
      visibility: 'public',
    })
    .returning();
  await h.owner.insert(strategyFields).values([
    { municipalityId: municipality.id, strategyId: strategy!.id, actionFieldId: f2!.id, priority: 2 },
    { municipalityId: municipality.id, strategyId: strategy!.id, actionFieldId: f1!.id, priority: 1 },
  ]);
  const rows = await h.owner
    .insert(measures)
    .values([
      {
        municipalityId: municipality.id,
        actionFieldId: f1!.id,
        rank: 1,
        title: 'Glasfaser für Ölbach, "schnell"',
        description: 'Zeile eins, mit Komma\nZeile zwei mit "Zitat" – und Umlauten: äöüß',
        lead: 'Bauamt',
        participants: 'Frau Dr. Hildegard Beteiligte',
        targetGroup: 'Bürgerinnen und Bürger',
        status: 'in_progress',
        startWindow: 'within_2_years',
        startDate: '2027-04-01',
        endDate: '2027-12-31',
        progress: 40,
        stepsTotal: 5,
        stepsDone: 2,
        budgetCents: 1_250_000,
        fundingSource: 'Haushalt 2027',
        grantProgram: 'Förderprogramm Breitband',
      },
      {
        municipalityId: municipality.id,
        actionFieldId: f2!.id,
        rank: 1,
        title: '=HYPERLINK("https://evil.example","Klick")',
        description: '',
      },
      {
        municipalityId: municipality.id,
        actionFieldId: f2!.id,
        rank: 2,
        title: 'Gelöschte Maßnahme',
        deletedAt: new Date(),
      },
    ])
    .returning();
  published = {
    id: municipality.id,
    strategyId: strategy!.id,
    tricky: rows[0]!.id,
    formula: rows[1]!.id,
    deleted: rows[2]!.id,
  };

  const hidden = await h.municipality({ name: 'Gemeinde Unveröffentlicht' });
  await h.owner.insert(strategies).values({
    municipalityId: hidden.id,
    programId: program.id,
    title: 'Entwurf Unveröffentlicht',
    visibility: 'private',
  });
  const [secret] = await h.owner
    .insert(measures)
    .values({ municipalityId: hidden.id, actionFieldId: f1!.id, rank: 1, title: 'Geheime Maßnahme' })
    .returning();
  unpublished = { id: hidden.id, measure: secret!.id };

  const big = await h.municipality({ name: 'Stadt Großdorf' });
  await h.owner.insert(strategies).values({
    municipalityId: big.id,
    programId: program.id,
    title: 'Digitalstrategie Großdorf',
    visibility: 'public',
  });
  const count = 1003;
  await h.owner.insert(measures).values(
    Array.from({ length: count }, (_, i) => ({
      municipalityId: big.id,
      actionFieldId: f1!.id,
      rank: i + 1,
      title: `Maßnahme ${i + 1}`,
    })),
  );
  large = { id: big.id, count };
});
afterAll(() => h.close());

describe('GET /v1/open-data/measures.csv', () => {
  it('lists the measures of published strategies, anonymously, as RFC 4180 CSV with umlauts intact', async () => {
    const res = await get('/v1/open-data/measures.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="werkstatt-massnahmen.csv"');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.link).toBe(`<${LICENSE_URL}>; rel="license"`);
    expect(res.body.charCodeAt(0), 'no BOM').not.toBe(0xfeff);

    const records = csvRecords(res, MEASURE_COLUMNS);
    const tricky = records.find((r) => r.measure_id === published.tricky);
    expect(tricky).toEqual({
      measure_id: published.tricky,
      municipality_id: published.id,
      municipality_name: 'Verbandsgemeinde Süßenbrück-Öhringen',
      municipality_ars: '071234567890',
      state_code: 'RP',
      action_field_key: program.fields[0]!.key,
      action_field_title: 'Digitale Infrastruktur',
      title: 'Glasfaser für Ölbach, "schnell"',
      description: 'Zeile eins, mit Komma\nZeile zwei mit "Zitat" – und Umlauten: äöüß',
      status: 'in_progress',
      start_window: 'within_2_years',
      start_date: '2027-04-01',
      end_date: '2027-12-31',
      lead_unit: 'Bauamt',
      progress_percent: '40',
      steps_total: '5',
      steps_done: '2',
      budget_cents: '1250000',
      funding_source: 'Haushalt 2027',
      grant_program: 'Förderprogramm Breitband',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      url: `${PUBLIC_URL}/v1/municipalities/${published.id}/measures/${published.tricky}`,
    });
    // The quoting as written, not only as read back.
    expect(res.body).toContain(',"Glasfaser für Ölbach, ""schnell""",');
    expect(res.body).toContain('"Zeile eins, mit Komma\nZeile zwei mit ""Zitat"" – und Umlauten: äöüß"');
    // Empty fields are empty, not "null".
    const formula = records.find((r) => r.measure_id === published.formula)!;
    expect(formula.lead_unit).toBe('');
    expect(formula.budget_cents).toBe('');
    // A spreadsheet must not run it.
    expect(formula.title).toBe(`'=HYPERLINK("https://evil.example","Klick")`);
  });

  it('leaves out unpublished strategies, deleted measures and every personal field', async () => {
    const res = await get('/v1/open-data/measures.csv');
    const ids = csvRecords(res, MEASURE_COLUMNS).map((r) => r.measure_id);
    expect(ids).not.toContain(unpublished.measure);
    expect(ids).not.toContain(published.deleted);
    expect(ids.filter((id) => id === published.tricky || id === published.formula)).toHaveLength(2);
    for (const secret of [
      'Geheime Maßnahme',
      'Unveröffentlicht',
      'Gelöschte Maßnahme',
      'Hildegard',
      'Erika',
      'erika.kontakt',
      '6351 123456', // the contact's phone number (digits alone can occur in a UUID)
      'Bürgerinnen und Bürger',
    ]) {
      expect(res.body).not.toContain(secret);
    }
  });

  it("leaves out a deleted municipality's published strategy and measures", async () => {
    const gone = await h.municipality({ name: 'Gemeinde Aufgelöst' });
    await h.owner.insert(strategies).values({
      municipalityId: gone.id,
      programId: program.id,
      title: 'Strategie Aufgelöst',
      visibility: 'public',
    });
    await h.owner.insert(measures).values({
      municipalityId: gone.id,
      actionFieldId: program.fields[0]!.id,
      rank: 1,
      title: 'Maßnahme Aufgelöst',
    });
    expect((await get('/v1/open-data/measures.csv')).body).toContain('Maßnahme Aufgelöst');
    await h.owner.update(municipalities).set({ deletedAt: new Date() }).where(eq(municipalities.id, gone.id));
    for (const file of ['measures.csv', 'measures.json', 'strategies.csv', 'strategies.json']) {
      const res = await get(`/v1/open-data/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.body, file).not.toContain(gone.id);
    }
  });

  it('streams every measure across pages, each once, ordered by id', async () => {
    const res = await get('/v1/open-data/measures.csv');
    const records = csvRecords(res, MEASURE_COLUMNS);
    const ids = records.map((r) => r.measure_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(records.filter((r) => r.municipality_id === large.id)).toHaveLength(large.count);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await h.request({
      method: 'HEAD',
      url: '/v1/open-data/measures.csv',
      remoteAddress: '10.78.0.1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe((await get('/v1/open-data/measures.csv')).headers.etag);
    expect(res.body).toBe('');
  });

  it('ignores credentials: a bad token still gets the file', async () => {
    const res = await get('/v1/open-data/measures.csv', { authorization: 'Bearer not-a-token' });
    expect(res.statusCode).toBe(200);
  });
});

describe('GET /v1/open-data/measures.json', () => {
  it('holds the license and the same records as the CSV', async () => {
    const res = await get('/v1/open-data/measures.json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="werkstatt-massnahmen.json"');
    expect(res.headers.link).toBe(`<${LICENSE_URL}>; rel="license"`);
    const body = openDataMeasures.parse(res.json());
    expect(body.license).toEqual({
      id: 'dl-by-de/2.0',
      name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
      url: LICENSE_URL,
      attributionText: 'Werkstatt-Programmbüro und die beteiligten Kommunen',
    });
    expect(new Date(body.modified!).toUTCString()).toBe(res.headers['last-modified']);
    // No field beyond the documented ones (no contact, no participants).
    for (const record of res.json().data) openDataMeasure.strict().parse(record);

    const csv = csvRecords(await get('/v1/open-data/measures.csv'), MEASURE_COLUMNS);
    expect(body.data.map((m) => m.measureId)).toEqual(csv.map((r) => r.measure_id));
    const json = body.data.find((m) => m.measureId === published.tricky)!;
    const row = csv.find((r) => r.measure_id === published.tricky)!;
    const renamed: Record<string, string> = {
      measure_id: 'measureId',
      lead_unit: 'leadUnit',
      progress_percent: 'progress',
    };
    for (const column of MEASURE_COLUMNS) {
      const key = renamed[column] ?? column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const value = (json as Record<string, unknown>)[key];
      expect(row[column], column).toBe(value === null ? '' : String(value));
    }
    expect(body.data.find((m) => m.measureId === published.formula)!.title).toBe(
      '=HYPERLINK("https://evil.example","Klick")',
    );
  });
});

describe('GET /v1/open-data/strategies.csv and .json', () => {
  it('list each published strategy with its action fields in priority order and its measure count', async () => {
    const res = await get('/v1/open-data/strategies.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="werkstatt-digitalstrategien.csv"');
    expect(res.headers.link).toBe(`<${LICENSE_URL}>; rel="license"`);
    const records = csvRecords(res, STRATEGY_COLUMNS);
    expect(records.map((r) => r.municipality_id)).not.toContain(unpublished.id);
    expect(records.find((r) => r.municipality_id === published.id)).toEqual({
      strategy_id: published.strategyId,
      municipality_id: published.id,
      municipality_name: 'Verbandsgemeinde Süßenbrück-Öhringen',
      municipality_ars: '071234567890',
      municipality_kind: 'verbandsgemeinde',
      state_code: 'RP',
      title: 'Digitalstrategie Süßenbrück',
      status: 'adopted',
      adopted_on: '2026-05-04',
      council_resolution: 'Beschluss 2026/041',
      resolution_meeting_on: '',
      action_fields: 'Digitale Infrastruktur | Bildung und Jugend',
      action_field_keys: `${program.fields[0]!.key}|${program.fields[1]!.key}`,
      measure_count: '2',
      updated_at: expect.stringMatching(/Z$/),
      url: `${PUBLIC_URL}/v1/municipalities/${published.id}/strategy`,
    });
    expect(records.find((r) => r.municipality_id === large.id)!.measure_count).toBe(String(large.count));
    expect(res.body).not.toContain('Entwurf Unveröffentlicht');

    const json = await get('/v1/open-data/strategies.json');
    expect(json.statusCode).toBe(200);
    const body = openDataStrategies.parse(json.json());
    for (const record of json.json().data) openDataStrategy.strict().parse(record);
    expect(body.data.map((s) => s.strategyId)).toEqual(records.map((r) => r.strategy_id));
    expect(body.data.find((s) => s.municipalityId === published.id)!.actionFields).toEqual([
      { key: program.fields[0]!.key, title: 'Digitale Infrastruktur', priority: 1 },
      { key: program.fields[1]!.key, title: 'Bildung und Jugend', priority: 2 },
    ]);
  });
});

describe('conditional requests', () => {
  it('answers 304 to If-None-Match without a body, and a new ETag after a measure changes', async () => {
    const first = await get('/v1/open-data/measures.csv');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['last-modified']).toBeTruthy();

    const again = await get('/v1/open-data/measures.csv', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers.link).toBe(`<${LICENSE_URL}>; rel="license"`);
    // W/ is ignored (weak comparison), and one of a list matches.
    expect((await get('/v1/open-data/measures.csv', { 'if-none-match': `"x", W/${etag}` })).statusCode).toBe(
      304,
    );

    // Each file has its own ETag.
    const tags = new Set(
      await Promise.all(
        ['measures.csv', 'measures.json', 'strategies.csv', 'strategies.json'].map(
          async (f) => (await get(`/v1/open-data/${f}`)).headers.etag,
        ),
      ),
    );
    expect(tags.size).toBe(4);

    await h.owner
      .update(measures)
      .set({ title: 'Glasfaser für Ölbach, "sehr schnell"' })
      .where(eq(measures.id, published.tricky));
    const changed = await get('/v1/open-data/measures.csv', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('""sehr schnell""');

    // A deletion leaves the latest change as it was, but not the ETag.
    const before = changed.headers.etag as string;
    await h.owner.update(measures).set({ deletedAt: new Date() }).where(eq(measures.id, published.formula));
    const afterDelete = await get('/v1/open-data/measures.csv', { 'if-none-match': before });
    expect(afterDelete.statusCode).toBe(200);
    expect(afterDelete.body).not.toContain(published.formula);
    await h.owner.update(measures).set({ deletedAt: null }).where(eq(measures.id, published.formula));
  });

  it('gives the strategies file a new ETag when a municipality is renamed or a strategy unpublished', async () => {
    const etag = (await get('/v1/open-data/strategies.csv')).headers.etag as string;
    await h.owner
      .update(municipalities)
      .set({ name: 'Stadt Großdorf an der Lauter' })
      .where(eq(municipalities.id, large.id));
    const renamed = await get('/v1/open-data/strategies.csv', { 'if-none-match': etag });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toContain('Stadt Großdorf an der Lauter');

    const measuresEtag = (await get('/v1/open-data/measures.csv')).headers.etag as string;
    await h.owner
      .update(strategies)
      .set({ visibility: 'private' })
      .where(eq(strategies.municipalityId, large.id));
    try {
      const hidden = await get('/v1/open-data/measures.csv', { 'if-none-match': measuresEtag });
      expect(hidden.statusCode).toBe(200);
      expect(hidden.body).not.toContain(large.id);
      const strategiesNow = await get('/v1/open-data/strategies.csv', {
        'if-none-match': renamed.headers.etag as string,
      });
      expect(strategiesNow.statusCode).toBe(200);
      expect(strategiesNow.body).not.toContain(large.id);
    } finally {
      await h.owner
        .update(strategies)
        .set({ visibility: 'public' })
        .where(eq(strategies.municipalityId, large.id));
    }
  });
});

interface LdRef {
  '@id': string;
}
type LdDistribution = Record<string, unknown> & {
  'dct:format': LdRef;
  'dcat:mediaType': LdRef;
  'dcat:accessURL': LdRef;
  'dcat:downloadURL': LdRef;
};
type LdDataset = Record<string, unknown> & {
  'dct:title': { '@value': string };
  'dcat:keyword': unknown[];
  'dcat:distribution': LdDistribution[];
};

describe('GET /v1/open-data/catalog.jsonld', () => {
  /** Every IRI in the document: the values of @id. */
  function iris(node: unknown, out: string[] = []): string[] {
    if (Array.isArray(node)) for (const n of node) iris(n, out);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '@id' && typeof v === 'string') out.push(v);
        else if (k !== '@context') iris(v, out);
      }
    }
    return out;
  }

  const german = (v: unknown) => expect(v).toMatchObject({ '@value': expect.any(String), '@language': 'de' });

  it('is a DCAT-AP.de catalogue of both datasets with absolute download URLs', async () => {
    const res = await get('/v1/open-data/catalog.jsonld');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(res.headers.link).toBe(`<${LICENSE_URL}>; rel="license"`);
    const doc = res.json();
    expect(doc['@context']).toEqual({
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    });
    expect(doc['@type']).toBe('dcat:Catalog');
    german(doc['dct:title']);
    german(doc['dct:description']);
    expect(doc['dct:publisher']).toMatchObject({
      '@type': 'foaf:Agent',
      'foaf:name': 'Werkstatt-Programmbüro',
    });

    const datasets = doc['dcat:dataset'] as LdDataset[];
    expect(datasets.map((d) => d['dct:title']['@value'])).toEqual([
      'Digitalstrategien der Kommunen',
      'Maßnahmen der kommunalen Digitalstrategien',
    ]);
    for (const d of datasets) {
      expect(d['@type']).toBe('dcat:Dataset');
      german(d['dct:title']);
      german(d['dct:description']);
      expect(d['dct:identifier']).toEqual(expect.any(String));
      expect(d['dcat:theme']).toEqual([
        { '@id': 'http://publications.europa.eu/resource/authority/data-theme/GOVE' },
      ]);
      expect(d['dcat:keyword'].length).toBeGreaterThan(0);
      for (const k of d['dcat:keyword']) german(k);
      expect(d['dct:modified']).toMatchObject({
        '@type': 'xsd:dateTime',
        '@value': expect.stringMatching(/Z$/),
      });
      expect(d['dct:publisher']).toEqual({ '@id': doc['dct:publisher']['@id'] });
      expect(d['dcat:contactPoint']).toMatchObject({
        '@type': 'vcard:Organization',
        'vcard:fn': expect.any(String),
      });
      expect(d['dct:spatial']).toEqual({
        '@id': 'http://publications.europa.eu/resource/authority/country/DEU',
      });
      expect(d['dct:license']).toEqual({ '@id': LICENSE_URL });
      german(d['dcatde:licenseAttributionByText']);

      const distributions = d['dcat:distribution'];
      expect(distributions.map((x) => x['dct:format']['@id'])).toEqual([
        'http://publications.europa.eu/resource/authority/file-type/CSV',
        'http://publications.europa.eu/resource/authority/file-type/JSON',
      ]);
      expect(distributions.map((x) => x['dcat:mediaType']['@id'])).toEqual([
        'http://www.iana.org/assignments/media-types/text/csv',
        'http://www.iana.org/assignments/media-types/application/json',
      ]);
      for (const x of distributions) {
        expect(x['@type']).toBe('dcat:Distribution');
        expect(x['dct:license']).toEqual({ '@id': LICENSE_URL });
        expect(x['dcat:accessURL']).toEqual(x['dcat:downloadURL']);
        const url = x['dcat:downloadURL']['@id'] as string;
        expect(url.startsWith(`${PUBLIC_URL}/v1/open-data/`)).toBe(true);
        // The URL leads to the file.
        expect((await get(url.slice(PUBLIC_URL.length))).statusCode).toBe(200);
      }
    }

    const all = iris(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const iri of all) {
      expect(['http:', 'https:', 'mailto:'], iri).toContain(new URL(iri).protocol);
    }
    expect(
      all.some((iri) => iri.includes('//', 8)),
      'no double slash from PUBLIC_URL',
    ).toBe(false);
  });

  it('answers 304 to If-None-Match', async () => {
    const etag = (await get('/v1/open-data/catalog.jsonld')).headers.etag as string;
    const res = await get('/v1/open-data/catalog.jsonld', { 'if-none-match': etag });
    expect(res.statusCode).toBe(304);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client address used up its limit on a route', async () => {
    const remoteAddress = '10.99.0.1';
    for (let i = 0; i < LIMIT; i++) {
      const res = await get('/v1/open-data/catalog.jsonld', {}, remoteAddress);
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-policy']).toBe(`"open-data";q=${LIMIT};w=60`);
    }
    const over = await get('/v1/open-data/catalog.jsonld', {}, remoteAddress);
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json().code).toBe('too_many_requests');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await get('/v1/open-data/catalog.jsonld', {}, '10.99.0.2')).statusCode).toBe(200);
  });
});
