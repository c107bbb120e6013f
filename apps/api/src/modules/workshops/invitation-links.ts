import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import { lazy } from '../../lib/lazy.js';

/**
 * The public address of an invitation link and its QR code. The link's secret is derived from
 * LINK_SECRET and the invitation id, so the office can print the QR code again later while the
 * database still keeps only the secret's hash (a copy of the database opens no link).
 */
export interface InvitationLinks {
  tokenOf(invitationId: string): string;
  urlOf(token: string): string;
}

export function createInvitationLinks(config: Pick<Config, 'APP_URL' | 'LINK_SECRET'>): InvitationLinks {
  // Outside production a fresh key per start: QR codes of earlier links can then not be drawn again.
  const secret = config.LINK_SECRET ?? randomBytes(32).toString('base64url');
  const appUrl = config.APP_URL ?? 'http://localhost:5173/';
  const base = appUrl.endsWith('/') ? appUrl : `${appUrl}/`;
  return {
    tokenOf: (invitationId) =>
      createHmac('sha256', secret).update(`invitation:${invitationId}`).digest('base64url'),
    urlOf: (token) => new URL(`einladung/${encodeURIComponent(token)}`, base).toString(),
  };
}

// Error correction M survives a folded or slightly smudged flyer; four modules of quiet zone is the
// minimum the standard asks for around the code.
const qrOptions = { errorCorrectionLevel: 'M', margin: 4 } as const;
// With its PNG encoder, loaded with the first code (docs/benchmarks.md: RSS).
const qrcode = lazy(() => import('qrcode').then((m) => m.default));

export const qrSvg = async (url: string): Promise<string> =>
  (await qrcode()).toString(url, { ...qrOptions, type: 'svg' });

/** About 1000 pixels wide (whole pixels per module): sharp at about 8 cm on a 300 dpi print. */
export const qrPng = async (url: string): Promise<Buffer> =>
  (await qrcode()).toBuffer(url, { ...qrOptions, type: 'png', width: 1024 });
