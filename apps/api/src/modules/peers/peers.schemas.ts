import { z } from 'zod';
import { uuidParam } from '../../lib/schemas.js';
import { isoDate, measureStatus, startWindow } from '../strategy/index.js';

/** Ranked results have no further pages: the best matches are all a caller gets. */
export const MAX_PEER_MATCHES = 50;

export const peerLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PEER_MATCHES)
  .default(20)
  .meta({
    description: `How many of the best matches to return (1–${MAX_PEER_MATCHES}). Ranked results have no further pages.`,
  });

const actionFieldKey = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
  .meta({
    description: 'Action field key; matches fields with this key in every program.',
    example: 'digitale-infrastruktur',
  });

export const findPeersQuery = z
  .object({
    actionField: actionFieldKey.optional(),
    q: z.string().trim().min(1).max(200).optional().meta({
      description:
        'German full-text search in title and description (stemmed: "Bürgerbüros" finds "Bürgerbüro").',
      example: 'WLAN Bürgerhaus',
    }),
    limit: peerLimit,
  })
  .strict()
  .refine((p) => p.actionField !== undefined || p.q !== undefined, {
    path: ['q'],
    message: 'give actionField, q or both',
  });
export type FindPeersQuery = z.infer<typeof findPeersQuery>;

export const measurePeersParams = z.object({ id: uuidParam, measureId: uuidParam }).strict();
export const measurePeersQuery = z.object({ limit: peerLimit }).strict();

export const peerMunicipality = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
  })
  .meta({ id: 'PeerMunicipality', description: 'Who to ask: the municipality and its public contact.' });

export const peerMeasure = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    actionFieldKey: z.string(),
    actionFieldTitle: z.string(),
    status: measureStatus,
    progress: z.number().int(),
    startWindow: startWindow.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    fundingSource: z.string().nullable(),
    grantProgram: z.string().nullable(),
    matchedBy: z.array(z.enum(['actionField', 'text'])).meta({
      description: 'Why it matched: the same action field (by key), similar text, or both.',
    }),
    score: z
      .number()
      .meta({ description: 'Relevance; higher is better. 1 for the same field plus the text rank.' }),
    municipality: peerMunicipality,
  })
  .meta({
    id: 'PeerMeasure',
    description: 'A measure of another municipality whose strategy is public (knowledge exchange).',
  });
export type PeerMeasureDto = z.infer<typeof peerMeasure>;

export const peerMeasureList = z.object({ data: z.array(peerMeasure).max(MAX_PEER_MATCHES) }).meta({
  id: 'PeerMeasureList',
  description: `The best matches, best first: at most \`limit\` (${MAX_PEER_MATCHES} at the most), without further pages.`,
});
