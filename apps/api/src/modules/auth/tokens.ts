import { createHash, randomBytes } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type CryptoKey as JoseKey,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Config } from '../../config.js';

const ALG = 'ES256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessClaims {
  sub: string;
  role: string;
  mid: string | null;
  /** The session: the refresh-token family of the sign-in. Checked on every request. */
  sid: string;
}

export interface TokenService {
  signAccessToken(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
  /** Verifies signature, algorithm, issuer, audience and expiry; returns null when any fails. */
  verifyAccessToken(token: string): Promise<(JWTPayload & AccessClaims) | null>;
  jwks(): { keys: JWK[] };
}

/** Opaque random secrets (refresh tokens, API keys) are stored only as SHA-256 hashes. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export async function createTokenService(
  config: Pick<
    Config,
    'JWT_PRIVATE_KEY' | 'JWT_KEY_ID' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'ACCESS_TOKEN_TTL_SECONDS' | 'NODE_ENV'
  >,
): Promise<TokenService> {
  let privateKey: JoseKey;
  let publicJwk: JWK;
  if (config.JWT_PRIVATE_KEY) {
    privateKey = await importPKCS8(config.JWT_PRIVATE_KEY.replace(/\\n/g, '\n'), ALG, { extractable: true });
    const { d: _d, ...pub } = await exportJWK(privateKey);
    publicJwk = pub;
  } else {
    // Only development and tests get here (config refuses production without a key):
    // a key per start means tokens do not survive a restart, which is fine there.
    const pair = await generateKeyPair(ALG, { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = await exportJWK(pair.publicKey);
  }
  const jwk: JWK = { ...publicJwk, kid: config.JWT_KEY_ID, alg: ALG, use: 'sig' };
  const publicKeys = new Map([[config.JWT_KEY_ID, await importJWK(publicJwk, ALG)]]);

  return {
    async signAccessToken(claims) {
      const expiresIn = config.ACCESS_TOKEN_TTL_SECONDS;
      const token = await new SignJWT({ role: claims.role, mid: claims.mid, sid: claims.sid })
        .setProtectedHeader({ alg: ALG, kid: config.JWT_KEY_ID, typ: 'at+jwt' })
        .setSubject(claims.sub)
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setIssuedAt()
        .setJti(randomSecret(12))
        .setExpirationTime(`${expiresIn}s`)
        .sign(privateKey);
      return { token, expiresIn };
    },
    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify<AccessClaims>(
          token,
          async (header) => {
            const key = header.kid ? publicKeys.get(header.kid) : undefined;
            if (!key) throw new Error('unknown kid');
            return key;
          },
          {
            algorithms: [ALG],
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            typ: 'at+jwt',
            // jose checks exp only when present; a token without it would never expire. A token
            // without a session (issued before sessions were checked) cannot be ended: refused.
            requiredClaims: ['sub', 'exp', 'sid'],
          },
        );
        // Subject and session are looked up as ids, role and municipality compared with the row.
        const { sub, sid, role, mid } = payload;
        const isId = (v: unknown) => typeof v === 'string' && UUID.test(v);
        return isId(sub) && isId(sid) && typeof role === 'string' && (mid === null || isId(mid))
          ? payload
          : null;
      } catch {
        return null;
      }
    },
    jwks: () => ({ keys: [jwk] }),
  };
}
