import { strategyStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { timestamp } from '../../lib/schemas.js';
import { municipalityKind } from '../programs/index.js';
import { isoDate, measureStatus, startWindow } from '../strategy/index.js';

// The open-data files: one record per published strategy or measure, documented field by field
// (docs/api.md, "Open data"). The CSV columns are these fields in snake_case (open-data-fns.ts).

const ars = z
  .string()
  .regex(/^[0-9]{12}$/)
  .nullable()
  .meta({ description: 'Amtlicher Regionalschlüssel (12 digits), when known.', example: '073355003000' });

const url = (description: string) => z.url().meta({ description });

export const openDataLicense = z
  .object({
    id: z.string().meta({ example: 'dl-by-de/2.0' }),
    name: z.string().meta({ example: 'Datenlizenz Deutschland – Namensnennung – Version 2.0' }),
    url: z.url().meta({ example: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' }),
    attributionText: z.string().meta({
      description: 'The attribution the license asks of whoever re-uses the data.',
      example: 'Werkstatt-Programmbüro und die beteiligten Kommunen',
    }),
  })
  .meta({ id: 'OpenDataLicense', description: 'The license the open data are published under.' });

export const openDataActionField = z
  .object({
    key: z.string().meta({ example: 'feld-1' }),
    title: z.string().meta({ example: 'Digitale Infrastruktur' }),
    priority: z.number().int().min(1).meta({ description: '1 is the most important.' }),
  })
  .meta({ id: 'OpenDataActionField', description: 'An action field a municipality chose for its strategy.' });

export const openDataStrategy = z
  .object({
    strategyId: z.uuid(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    municipalityArs: ars,
    municipalityKind,
    stateCode: z.string().length(2).meta({ description: 'The federal state, e.g. RP.', example: 'RP' }),
    title: z.string(),
    status: z.enum(strategyStatuses).meta({ description: '`adopted` once the council adopted it.' }),
    adoptedOn: isoDate.nullable().meta({ description: 'When the council adopted the strategy.' }),
    councilResolution: z
      .string()
      .nullable()
      .meta({ description: 'Reference of the council resolution.', example: 'Beschluss 2026/041' }),
    resolutionMeetingOn: isoDate
      .nullable()
      .meta({ description: 'The council meeting the strategy is (or was) put to.' }),
    actionFields: z.array(openDataActionField).max(100).meta({ description: 'In priority order.' }),
    measureCount: z.number().int().min(0).meta({ description: 'Measures of the strategy (not deleted).' }),
    updatedAt: timestamp,
    url: url('The strategy in the API (GET, needs an API key with public:read).'),
  })
  .meta({ id: 'OpenDataStrategy', description: 'A published digital strategy, as in the open-data files.' });

export const openDataMeasure = z
  .object({
    measureId: z.uuid(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    municipalityArs: ars,
    stateCode: z.string().length(2).meta({ example: 'RP' }),
    actionFieldKey: z.string().meta({ example: 'feld-1' }),
    actionFieldTitle: z.string().meta({ example: 'Digitale Infrastruktur' }),
    title: z.string(),
    description: z.string().meta({ description: 'The fact sheet text (Markdown).' }),
    status: measureStatus,
    startWindow: startWindow.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    leadUnit: z
      .string()
      .nullable()
      .meta({ description: 'The organisational unit in charge (Federführung).', example: 'Bauamt' }),
    progress: z.number().int().min(0).max(100).meta({ description: 'Percent done.' }),
    stepsTotal: z.number().int().min(0),
    stepsDone: z.number().int().min(0),
    budgetCents: z.number().int().nullable().meta({ description: 'Budget in euro cents.' }),
    fundingSource: z.string().nullable(),
    grantProgram: z.string().nullable(),
    updatedAt: timestamp,
    url: url('The measure in the API (GET, needs an API key with public:read).'),
  })
  .meta({
    id: 'OpenDataMeasure',
    description: 'A measure of a published strategy, as in the open-data files.',
  });

const download = <T extends z.ZodType>(record: T, what: string) =>
  z.object({
    license: openDataLicense,
    modified: timestamp.nullable().meta({
      description:
        'The latest change of the records (also the Last-Modified header); null when there are none.',
    }),
    // A file, streamed whole: deliberately neither paginated nor capped.
    data: z.array(record).meta({ description: `Every ${what}, ordered by id.` }),
  });

export const openDataStrategies = download(openDataStrategy, 'published strategy').meta({
  id: 'OpenDataStrategies',
  description: 'Every published strategy, with the license.',
});

export const openDataMeasures = download(openDataMeasure, 'measure of a published strategy').meta({
  id: 'OpenDataMeasures',
  description: 'Every measure of a published strategy, with the license.',
});

export const openDataStrategiesCsv = z.string().meta({
  id: 'OpenDataStrategiesCsv',
  description:
    'RFC 4180 CSV in UTF-8 (no BOM), comma-separated, CRLF, with a header row; the columns are documented in docs/api.md.',
});

export const openDataMeasuresCsv = z.string().meta({
  id: 'OpenDataMeasuresCsv',
  description:
    'RFC 4180 CSV in UTF-8 (no BOM), comma-separated, CRLF, with a header row; the columns are documented in docs/api.md.',
});

export const dcatCatalog = z
  .object({
    '@context': z.record(z.string(), z.string()),
    '@id': z.url(),
    '@type': z.literal('dcat:Catalog'),
    'dcat:dataset': z.array(z.record(z.string(), z.unknown())).max(10),
  })
  .loose()
  .meta({
    id: 'DcatCatalog',
    description:
      'A DCAT-AP.de catalogue in JSON-LD: the catalogue, its two datasets and their CSV and JSON distributions.',
  });

export type OpenDataLicense = z.infer<typeof openDataLicense>;
export type OpenDataStrategy = z.infer<typeof openDataStrategy>;
export type OpenDataMeasure = z.infer<typeof openDataMeasure>;
