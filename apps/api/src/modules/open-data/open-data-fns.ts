import { createHash } from 'node:crypto';
import { neutraliseFormula } from '../../lib/csv.js';
import type { OpenDataLicense, OpenDataMeasure, OpenDataStrategy } from './open-data.schemas.js';

// Pure helpers of the open-data files: the CSV columns, the RFC 4180 encoding, the validators and the
// DCAT-AP.de catalogue.

export type Dataset = 'strategies' | 'measures';
export type Format = 'csv' | 'json';

/** One CSV column: its stable name and the cell of a record. Free text may start a formula. */
export interface Column<T> {
  name: string;
  value: (record: T) => string | number | null;
  text?: boolean;
}

export const strategyColumns: Column<OpenDataStrategy>[] = [
  { name: 'strategy_id', value: (r) => r.strategyId },
  { name: 'municipality_id', value: (r) => r.municipalityId },
  { name: 'municipality_name', value: (r) => r.municipalityName, text: true },
  { name: 'municipality_ars', value: (r) => r.municipalityArs },
  { name: 'municipality_kind', value: (r) => r.municipalityKind },
  { name: 'state_code', value: (r) => r.stateCode },
  { name: 'title', value: (r) => r.title, text: true },
  { name: 'status', value: (r) => r.status },
  { name: 'adopted_on', value: (r) => r.adoptedOn },
  { name: 'council_resolution', value: (r) => r.councilResolution, text: true },
  { name: 'resolution_meeting_on', value: (r) => r.resolutionMeetingOn },
  { name: 'action_fields', value: (r) => r.actionFields.map((f) => f.title).join(' | '), text: true },
  { name: 'action_field_keys', value: (r) => r.actionFields.map((f) => f.key).join('|'), text: true },
  { name: 'measure_count', value: (r) => r.measureCount },
  { name: 'updated_at', value: (r) => r.updatedAt },
  { name: 'url', value: (r) => r.url },
];

export const measureColumns: Column<OpenDataMeasure>[] = [
  { name: 'measure_id', value: (r) => r.measureId },
  { name: 'municipality_id', value: (r) => r.municipalityId },
  { name: 'municipality_name', value: (r) => r.municipalityName, text: true },
  { name: 'municipality_ars', value: (r) => r.municipalityArs },
  { name: 'state_code', value: (r) => r.stateCode },
  { name: 'action_field_key', value: (r) => r.actionFieldKey, text: true },
  { name: 'action_field_title', value: (r) => r.actionFieldTitle, text: true },
  { name: 'title', value: (r) => r.title, text: true },
  { name: 'description', value: (r) => r.description, text: true },
  { name: 'status', value: (r) => r.status },
  { name: 'start_window', value: (r) => r.startWindow },
  { name: 'start_date', value: (r) => r.startDate },
  { name: 'end_date', value: (r) => r.endDate },
  { name: 'lead_unit', value: (r) => r.leadUnit, text: true },
  { name: 'progress_percent', value: (r) => r.progress },
  { name: 'steps_total', value: (r) => r.stepsTotal },
  { name: 'steps_done', value: (r) => r.stepsDone },
  { name: 'budget_cents', value: (r) => r.budgetCents },
  { name: 'funding_source', value: (r) => r.fundingSource, text: true },
  { name: 'grant_program', value: (r) => r.grantProgram, text: true },
  { name: 'updated_at', value: (r) => r.updatedAt },
  { name: 'url', value: (r) => r.url },
];

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export const rfc4180Field = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

const cellOf = <T>(column: Column<T>, record: T): string => {
  const value = column.value(record);
  if (value === null) return '';
  const text = String(value);
  // Opened in a spreadsheet, a text starting with = + - @ would run as a formula (lib/csv).
  return rfc4180Field(column.text ? neutraliseFormula(text) : text);
};

export const csvHeader = <T>(columns: Column<T>[]): string =>
  `${columns.map((c) => rfc4180Field(c.name)).join(',')}\r\n`;

/** Records as CSV lines, each ended by CRLF. */
export const csvLines = <T>(columns: Column<T>[], records: T[]): string =>
  records.map((r) => `${columns.map((c) => cellOf(c, r)).join(',')}\r\n`).join('');

/** The JSON file is written in three parts so its records can stream between head and tail. */
export const jsonHead = (license: OpenDataLicense, modified: Date | null): string =>
  `{"license":${JSON.stringify(license)},"modified":${JSON.stringify(modified?.toISOString() ?? null)},"data":[`;
export const jsonTail = ']}\n';
export const jsonRecords = (records: unknown[], first: boolean): string =>
  records.map((r, i) => `${first && i === 0 ? '' : ','}\n${JSON.stringify(r)}`).join('');

/** A strong ETag of one file, from the version of its data and everything else its bytes depend on. */
export const fileEtag = (parts: (string | number)[]): string =>
  `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;

/** If-None-Match compares weakly (RFC 9110 §13.1.2): a W/ prefix is ignored, "*" matches any. */
export const noneMatch = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  (header.trim() === '*' ||
    header
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .includes(etag));

export const downloadPath = (dataset: Dataset, format: Format) => `/v1/open-data/${dataset}.${format}`;

/** The file names, free of umlauts so every tool keeps them. */
export const fileNames: Record<Dataset, string> = {
  strategies: 'werkstatt-digitalstrategien',
  measures: 'werkstatt-massnahmen',
};

export interface CatalogInput {
  publicUrl: string;
  license: OpenDataLicense;
  publisher: string;
  contact: { name: string; email: string | undefined };
  contributorId: string | undefined;
  modified: Record<Dataset, Date | null>;
}

const de = (value: string) => ({ '@value': value, '@language': 'de' });
const ref = (id: string) => ({ '@id': id });
const dateTime = (d: Date) => ({ '@value': d.toISOString(), '@type': 'xsd:dateTime' });

const EU = 'http://publications.europa.eu/resource/authority';
const mediaTypes: Record<Format, { type: string; fileType: string }> = {
  csv: { type: 'text/csv', fileType: 'CSV' },
  json: { type: 'application/json', fileType: 'JSON' },
};

const datasetTexts: Record<Dataset, { title: string; description: string; keywords: string[] }> = {
  strategies: {
    title: 'Digitalstrategien der Kommunen',
    description:
      'Alle Digitalstrategien, die Kommunen im Programm Digital-Werkstatt veröffentlicht haben: Kommune mit Amtlichem Regionalschlüssel, Titel, Stand (Entwurf oder beschlossen), Beschlussdatum, die gewählten Handlungsfelder in ihrer Rangfolge und die Zahl der Maßnahmen. Eine Zeile je Strategie.',
    keywords: ['Digitalstrategie', 'Digitalisierung', 'Kommune', 'Handlungsfeld', 'Verwaltung'],
  },
  measures: {
    title: 'Maßnahmen der kommunalen Digitalstrategien',
    description:
      'Alle Maßnahmen (Maßnahmensteckbriefe) der veröffentlichten Digitalstrategien: Kommune mit Amtlichem Regionalschlüssel, Handlungsfeld, Titel, Beschreibung, Umsetzungsstand, geplanter Beginn, federführende Stelle, Kosten und Fortschritt. Eine Zeile je Maßnahme, ohne personenbezogene Daten.',
    keywords: ['Digitalisierung', 'Maßnahme', 'Kommune', 'Smart City', 'Verwaltung'],
  },
};

/** The DCAT-AP.de catalogue of the two datasets, each with a CSV and a JSON distribution. */
export function dcatCatalog(input: CatalogInput) {
  const base = input.publicUrl.replace(/\/$/, '');
  const catalogId = `${base}/v1/open-data/catalog.jsonld`;
  const publisher = { '@id': `${catalogId}#publisher`, '@type': 'foaf:Agent', 'foaf:name': input.publisher };
  const contactPoint = {
    '@type': 'vcard:Organization',
    'vcard:fn': input.contact.name,
    ...(input.contact.email ? { 'vcard:hasEmail': ref(`mailto:${input.contact.email}`) } : {}),
  };
  const licenseProps = {
    'dct:license': ref(input.license.url),
    'dcatde:licenseAttributionByText': de(input.license.attributionText),
  };
  const latest = Object.values(input.modified).reduce<Date | null>(
    (a, b) => (b && (!a || b > a) ? b : a),
    null,
  );
  const datasets = (['strategies', 'measures'] as const).map((dataset) => {
    const texts = datasetTexts[dataset];
    const modified = input.modified[dataset];
    return {
      '@id': `${catalogId}#${dataset}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': `${catalogId}#${dataset}`,
      'dct:title': de(texts.title),
      'dct:description': de(texts.description),
      'dcat:theme': [ref(`${EU}/data-theme/GOVE`)],
      'dcat:keyword': texts.keywords.map(de),
      'dct:language': ref(`${EU}/language/DEU`),
      'dct:spatial': ref(`${EU}/country/DEU`),
      'dct:accrualPeriodicity': ref(`${EU}/frequency/UPDATE_CONT`),
      ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
      'dct:publisher': ref(publisher['@id']),
      ...(input.contributorId ? { 'dcatde:contributorID': ref(input.contributorId) } : {}),
      'dcat:contactPoint': contactPoint,
      ...licenseProps,
      'dcat:distribution': (['csv', 'json'] as const).map((format) => {
        const url = `${base}${downloadPath(dataset, format)}`;
        const media = mediaTypes[format];
        return {
          '@id': url,
          '@type': 'dcat:Distribution',
          'dct:title': de(`${texts.title} (${media.fileType})`),
          'dcat:accessURL': ref(url),
          'dcat:downloadURL': ref(url),
          'dct:format': ref(`${EU}/file-type/${media.fileType}`),
          'dcat:mediaType': ref(`http://www.iana.org/assignments/media-types/${media.type}`),
          ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
          ...licenseProps,
        };
      }),
    };
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': catalogId,
    '@type': 'dcat:Catalog' as const,
    'dct:title': de('Werkstatt – offene Daten der kommunalen Digitalstrategien'),
    'dct:description': de(
      'Veröffentlichte Digitalstrategien und ihre Maßnahmen aus dem Programm Digital-Werkstatt, als CSV und JSON zum Herunterladen.',
    ),
    'dct:publisher': publisher,
    'dct:language': ref(`${EU}/language/DEU`),
    'foaf:homepage': ref(`${base}/`),
    ...(latest ? { 'dct:modified': dateTime(latest) } : {}),
    'dct:license': ref(input.license.url),
    'dcat:dataset': datasets,
  };
}
