import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const invitationParams = z.object({ id: uuidParam, invitationId: uuidParam }).strict();

export const invitation = z
  .object({
    id: z.uuid(),
    workshopId: z.uuid(),
    municipalityId: z.uuid(),
    expiresAt: timestamp.nullable(),
    maxUses: z.number().int().nullable(),
    useCount: z.number().int().meta({ description: 'Registrations made through the link so far.' }),
    revokedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'Invitation',
    description: 'A revocable invitation link of one municipality to one workshop (the secret is not shown).',
  });
export type InvitationDto = z.infer<typeof invitation>;

export const createdInvitation = invitation
  .extend({
    token: z.string().meta({
      description:
        'The secret of the link, shown only now and stored hashed. The invitee opens the app with it; the app calls `GET /v1/public/invitations/{token}`.',
      example: 'q3Zk0b1xJ9m2W8cVd7rT5yHn4sLp6fGa1eUo0iKj2wQ',
    }),
    url: z.url().meta({
      description:
        'The link to hand out: the page of the app (`APP_URL/einladung/{token}`) where invitees register. Its QR code: `GET …/invitations/{invitationId}/qr.svg` or `qr.png`.',
      example: 'https://werkstatt.example.org/einladung/q3Zk0b1xJ9m2W8cVd7rT5yHn4sLp6fGa1eUo0iKj2wQ',
    }),
  })
  .meta({ id: 'CreatedInvitation' });
export type CreatedInvitationDto = z.infer<typeof createdInvitation>;

export const invitationPage = pageSchema(invitation).meta({ id: 'InvitationPage' });
export const listInvitationsQuery = z.object(pageQuery).strict();

export const createInvitationBody = z
  .object({
    municipalityId: z.uuid().meta({ description: 'The participating municipality the invitees belong to.' }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'After this the link answers 404. Default: never (until revoked).' }),
    maxUses: z
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'How many registrations the link accepts. Default: no limit.' }),
  })
  .strict()
  .meta({ id: 'CreateInvitation' });
export type CreateInvitationInput = z.infer<typeof createInvitationBody>;
