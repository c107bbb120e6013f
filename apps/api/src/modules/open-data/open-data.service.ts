import { Readable } from 'node:stream';
import { type Database, scopedDatabase, type Tx } from '@werkstatt/db';
import type { Config } from '../../config.js';
import * as data from './open-data.data.js';
import type { OpenDataLicense, OpenDataMeasure, OpenDataStrategy } from './open-data.schemas.js';
import {
  type Column,
  csvHeader,
  csvLines,
  type Dataset,
  dcatCatalog,
  type Format,
  fileEtag,
  jsonHead,
  jsonRecords,
  jsonTail,
  measureColumns,
  strategyColumns,
} from './open-data-fns.js';

export type OpenDataConfig = Pick<
  Config,
  | 'PUBLIC_URL'
  | 'API_CONTACT_NAME'
  | 'API_CONTACT_EMAIL'
  | 'OPEN_DATA_LICENSE_ID'
  | 'OPEN_DATA_LICENSE_NAME'
  | 'OPEN_DATA_LICENSE_URL'
  | 'OPEN_DATA_PUBLISHER'
  | 'OPEN_DATA_ATTRIBUTION'
  | 'OPEN_DATA_CONTRIBUTOR_ID'
>;

/** A file's validators, known before a byte of it is read, and the file itself on demand. */
export interface Download {
  etag: string;
  lastModified: Date | null;
  body(): Readable;
}

// Bumped when the bytes of a file change for the same data (a column added, an encoding changed),
// so no client keeps an old layout on a 304.
const LAYOUT = 'open-data-1';

const latestOf = (...dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/**
 * The open-data downloads and their catalogue, for anyone without credentials. Every read runs in
 * the 'public' RLS scope, which shows nothing but what municipalities published, whatever a query
 * here says.
 */
export function createOpenDataService(deps: { db: Database; config: OpenDataConfig }) {
  const published = scopedDatabase(deps.db, { kind: 'public' });
  const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
  const license: OpenDataLicense = {
    id: deps.config.OPEN_DATA_LICENSE_ID,
    name: deps.config.OPEN_DATA_LICENSE_NAME,
    url: deps.config.OPEN_DATA_LICENSE_URL,
    attributionText: deps.config.OPEN_DATA_ATTRIBUTION,
  };

  const toStrategy = (r: data.OpenDataStrategyRow): OpenDataStrategy => ({
    strategyId: r.id,
    municipalityId: r.municipalityId,
    municipalityName: r.municipalityName,
    municipalityArs: r.municipalityArs,
    municipalityKind: r.municipalityKind,
    stateCode: r.stateCode,
    title: r.title,
    status: r.status,
    adoptedOn: r.adoptedOn,
    councilResolution: r.councilResolution,
    resolutionMeetingOn: r.resolutionMeetingOn,
    actionFields: r.actionFields.map((f) => ({ key: f.key, title: f.title, priority: f.priority })),
    measureCount: r.measureCount,
    updatedAt: r.updatedAt.toISOString(),
    url: `${base}/v1/municipalities/${r.municipalityId}/strategy`,
  });

  const toMeasure = (r: data.OpenDataMeasureRow): OpenDataMeasure => ({
    measureId: r.id,
    municipalityId: r.municipalityId,
    municipalityName: r.municipalityName,
    municipalityArs: r.municipalityArs,
    stateCode: r.stateCode,
    actionFieldKey: r.actionFieldKey,
    actionFieldTitle: r.actionFieldTitle,
    title: r.title,
    description: r.description,
    status: r.status,
    startWindow: r.startWindow,
    startDate: r.startDate,
    endDate: r.endDate,
    leadUnit: r.lead,
    progress: r.progress,
    stepsTotal: r.stepsTotal,
    stepsDone: r.stepsDone,
    budgetCents: r.budgetCents,
    fundingSource: r.fundingSource,
    grantProgram: r.grantProgram,
    updatedAt: r.updatedAt.toISOString(),
    url: `${base}/v1/municipalities/${r.municipalityId}/measures/${r.id}`,
  });

  /**
   * Every record, a page per query and each page in its own short transaction, read only as fast as
   * the client takes them (a slow download holds no connection between pages).
   */
  async function* pages<R, T>(read: (tx: Tx, after: string) => Promise<data.Page<R>>, map: (row: R) => T) {
    let after: string | null = data.FIRST_ID;
    while (after !== null) {
      const from: string = after;
      const page = await published.transaction((tx) => read(tx, from));
      if (page.rows.length > 0) yield page.rows.map(map);
      after = page.next;
    }
  }

  async function* encode<T>(
    records: AsyncGenerator<T[]>,
    format: Format,
    columns: Column<T>[],
    modified: Date | null,
  ): AsyncGenerator<string> {
    if (format === 'csv') {
      yield csvHeader(columns);
      for await (const page of records) yield csvLines(columns, page);
      return;
    }
    yield jsonHead(license, modified);
    let first = true;
    for await (const page of records) {
      yield jsonRecords(page, first);
      first = false;
    }
    yield jsonTail;
  }

  const versions = () => published.transaction((tx) => data.aggregates(tx));

  /**
   * What each file depends on: its items' public changes (a strategy's measure count depends on its
   * measures), the municipalities and the catalog's titles. Taken before the file is read, so a file
   * is always at least as new as its ETag says: a change after it gives the next request another ETag.
   */
  function validators(dataset: Dataset, v: data.OpenDataAggregates) {
    const shared = [v.municipalities.fingerprint, v.catalog.fingerprint];
    if (dataset === 'strategies') {
      return {
        parts: [v.strategies.fingerprint, v.measures.fingerprint, ...shared],
        lastModified: latestOf(v.strategies.latest, v.municipalities.latest, v.catalog.latest),
      };
    }
    return {
      parts: [v.measures.fingerprint, ...shared],
      lastModified: latestOf(v.measures.latest, v.municipalities.latest, v.catalog.latest),
    };
  }

  const licenseParts = [license.id, license.name, license.url, license.attributionText, base];

  return {
    license,

    /** One of the four files: its validators now, its bytes when the body is read. */
    async download(dataset: Dataset, format: Format): Promise<Download> {
      const { parts, lastModified } = validators(dataset, await versions());
      const etag = fileEtag([LAYOUT, dataset, format, ...parts, ...licenseParts]);
      const body = () =>
        Readable.from(
          dataset === 'strategies'
            ? encode(pages(data.strategyPage, toStrategy), format, strategyColumns, lastModified)
            : encode(pages(data.measurePage, toMeasure), format, measureColumns, lastModified),
          { objectMode: false },
        );
      return { etag, lastModified, body };
    },

    /** The DCAT-AP.de catalogue, with each dataset's latest change. */
    async catalog() {
      const v = await versions();
      return dcatCatalog({
        publicUrl: base,
        license,
        publisher: deps.config.OPEN_DATA_PUBLISHER,
        contact: { name: deps.config.API_CONTACT_NAME, email: deps.config.API_CONTACT_EMAIL },
        contributorId: deps.config.OPEN_DATA_CONTRIBUTOR_ID,
        modified: {
          strategies: validators('strategies', v).lastModified,
          measures: validators('measures', v).lastModified,
        },
      });
    },
  };
}
export type OpenDataService = ReturnType<typeof createOpenDataService>;
