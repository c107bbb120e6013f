import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { problemResponses } from '../../lib/schemas.js';
import {
  dcatCatalog,
  openDataMeasures,
  openDataMeasuresCsv,
  openDataStrategies,
  openDataStrategiesCsv,
} from './open-data.schemas.js';
import type { Download, OpenDataService } from './open-data.service.js';
import { type Dataset, downloadPath, type Format, fileEtag, fileNames, noneMatch } from './open-data-fns.js';

const tags = ['open-data'];
/** Open data is public: shared caches may keep it, briefly, and revalidate with the ETag. */
const CACHE_CONTROL = 'public, max-age=300';

const contentTypes: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
};

interface DownloadRoute {
  dataset: Dataset;
  format: Format;
  operationId: string;
  summary: string;
  description: string;
  schema: z.ZodType;
}

const conditional =
  'Sent with a strong ETag and Last-Modified derived from the data without reading it; with If-None-Match naming the ETag the answer is 304 and nothing is read. `Cache-Control: public, max-age=300`.';
const anonymous =
  'No credentials: open data. Reads only what municipalities published (strategy visibility `public`), never personal data. Limited per client address (OPEN_DATA_RATE_LIMIT_PER_MINUTE).';
const licensed =
  'The license (OPEN_DATA_LICENSE_*, by default Datenlizenz Deutschland – Namensnennung 2.0) is sent as `Link: <url>; rel="license"`.';

const routes: DownloadRoute[] = [
  {
    dataset: 'strategies',
    format: 'csv',
    operationId: 'getOpenDataStrategiesCsv',
    summary: 'Published strategies as CSV (open data)',
    description: `One row per published strategy, ordered by strategy id: the municipality with its ARS, the title, status and resolution, the chosen action fields in priority order and the number of measures. RFC 4180 (UTF-8 without BOM, comma-separated, CRLF, header row); the columns are documented in docs/api.md. Text that would start a spreadsheet formula (= + - @) gets a leading apostrophe. ${anonymous} ${conditional} ${licensed}`,
    schema: openDataStrategiesCsv,
  },
  {
    dataset: 'strategies',
    format: 'json',
    operationId: 'getOpenDataStrategiesJson',
    summary: 'Published strategies as JSON (open data)',
    description: `The records of the CSV file as JSON, in an object with the license and the latest change: \`{ license, modified, data: [...] }\`, ordered by strategy id. ${anonymous} ${conditional} ${licensed}`,
    schema: openDataStrategies,
  },
  {
    dataset: 'measures',
    format: 'csv',
    operationId: 'getOpenDataMeasuresCsv',
    summary: 'Measures of published strategies as CSV (open data)',
    description: `One row per measure (not deleted) of a published strategy, ordered by measure id: the municipality with its ARS, action field, title, description, status, start, lead unit, progress, steps and budget; no contact persons or other personal data. RFC 4180 (UTF-8 without BOM, comma-separated, CRLF, header row); the columns are documented in docs/api.md. Text that would start a spreadsheet formula (= + - @) gets a leading apostrophe. ${anonymous} ${conditional} ${licensed}`,
    schema: openDataMeasuresCsv,
  },
  {
    dataset: 'measures',
    format: 'json',
    operationId: 'getOpenDataMeasuresJson',
    summary: 'Measures of published strategies as JSON (open data)',
    description: `The records of the CSV file as JSON, in an object with the license and the latest change: \`{ license, modified, data: [...] }\`, ordered by measure id. ${anonymous} ${conditional} ${licensed}`,
    schema: openDataMeasures,
  },
];

const errors = { 429: problemResponses[429] };

/** The headers a download and its 304 share (RFC 9110 §15.4.5: a 304 repeats the validators). */
function setValidators(
  reply: FastifyReply,
  download: Pick<Download, 'etag' | 'lastModified'>,
  licenseUrl: string,
) {
  reply
    .header('etag', download.etag)
    .header('cache-control', CACHE_CONTROL)
    .header('link', `<${licenseUrl}>; rel="license"`);
  if (download.lastModified) reply.header('last-modified', download.lastModified.toUTCString());
}

/**
 * Open data for portals such as GovData: the published strategies and their measures as CSV and
 * JSON files, and a DCAT-AP.de catalogue that describes them. No credentials; each route has its
 * own limit per client address.
 */
export async function openDataRoutes(
  app: FastifyInstance,
  opts: { service: OpenDataService; config: Pick<Config, 'OPEN_DATA_RATE_LIMIT_PER_MINUTE'> },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const config = {
    auth: 'none' as const,
    rateLimit: { max: opts.config.OPEN_DATA_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 },
    rateLimitPolicy: 'open-data',
  };
  const licenseUrl = service.license.url;

  for (const route of routes) {
    r.get(
      downloadPath(route.dataset, route.format),
      {
        config,
        schema: {
          operationId: route.operationId,
          summary: route.summary,
          description: route.description,
          tags,
          security: [],
          response: {
            200: {
              description: `The ${route.dataset} file.`,
              content: { [contentTypes[route.format].split(';')[0]!]: { schema: route.schema } },
            },
            ...errors,
          },
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const download = await service.download(route.dataset, route.format);
        setValidators(reply, download, licenseUrl);
        if (noneMatch(request.headers['if-none-match'], download.etag)) return reply.code(304).send();
        return reply
          .type(contentTypes[route.format])
          .header('content-disposition', `attachment; filename="${fileNames[route.dataset]}.${route.format}"`)
          .send(download.body());
      },
    );
  }

  r.get(
    '/v1/open-data/catalog.jsonld',
    {
      config,
      schema: {
        operationId: 'getOpenDataCatalog',
        summary: 'DCAT-AP.de catalogue of the open data (JSON-LD)',
        description: `For harvesters such as GovData: a dcat:Catalog with two dcat:Dataset (Digitalstrategien, Maßnahmen), each with a CSV and a JSON dcat:Distribution whose download URLs are absolute (PUBLIC_URL), the license, publisher, contact point (API_CONTACT_NAME, API_CONTACT_EMAIL) and the latest change. Titles and descriptions in German. ${anonymous} Sent with an ETag; 304 when If-None-Match still matches.`,
        tags,
        security: [],
        response: {
          200: { description: 'The catalogue.', content: { 'application/ld+json': { schema: dcatCatalog } } },
          ...errors,
        },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = `${JSON.stringify(await service.catalog(), null, 2)}\n`;
      const etag = fileEtag([body]);
      reply
        .header('etag', etag)
        .header('cache-control', CACHE_CONTROL)
        .header('link', `<${licenseUrl}>; rel="license"`);
      if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type('application/ld+json; charset=utf-8').send(body);
    },
  );
}
