import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/errors.js';

/** The cookie that holds a browser's refresh token; JavaScript never sees it. */
export const REFRESH_COOKIE = 'werkstatt_refresh';
/** A browser client names itself with this header; a cross-site form or image cannot send it. */
export const CLIENT_HEADER = 'x-werkstatt-client';
export const BROWSER_CLIENT = 'browser';

const cookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  // Only the auth routes need it, so no other request carries the refresh token.
  path: '/v1/auth',
} as const;

/**
 * The origins a browser may hold a session from: CORS_ORIGINS and the admin app at APP_URL (its
 * default outside production). PUBLIC_URL is not among them: it is the API's own address, where only
 * the API documentation runs.
 */
export function browserOrigins(config: Pick<Config, 'CORS_ORIGINS' | 'APP_URL'>): string[] {
  const app = new URL(config.APP_URL ?? 'http://localhost:5173/').origin;
  return [...new Set([...config.CORS_ORIGINS, app])];
}

export const isBrowserClient = (request: FastifyRequest) => request.headers[CLIENT_HEADER] === BROWSER_CLIENT;

/**
 * Guards the routes that act on the refresh cookie against cross-site requests (CSRF): SameSite is
 * the first line, the custom header and an allowed Origin the second.
 */
export function assertSameSiteBrowser(request: FastifyRequest, origins: readonly string[]): void {
  const origin = request.headers.origin;
  if (!isBrowserClient(request) || typeof origin !== 'string' || !origins.includes(origin)) {
    throw new AppError(
      403,
      'cross_site_request_refused',
      'Forbidden',
      `A request with the refresh cookie needs the header ${CLIENT_HEADER}: ${BROWSER_CLIENT} and an allowed Origin. Nothing was changed.`,
    );
  }
}

export const refreshCookie = (request: FastifyRequest): string | undefined =>
  request.cookies[REFRESH_COOKIE] || undefined;

export function setRefreshCookie(reply: FastifyReply, token: string, ttlDays: number): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...cookieOptions, maxAge: ttlDays * 86_400 });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.setCookie(REFRESH_COOKIE, '', { ...cookieOptions, maxAge: 0, expires: new Date(0) });
}
