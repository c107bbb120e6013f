// The public surface of auth: what other modules and the auth plugin may use. Everything else in
// this folder is internal (the lint rule in biome.json rejects imports that go around this file).
export { API_KEY_PREFIX, resolveActor } from './actor-resolver.js';
export { revokeAllOfUser } from './auth.data.js';
export { hashPassword, NO_PASSWORD } from './auth.service.js';
export { browserOrigins } from './browser-session.js';
export type { CredentialCache } from './credential-cache.js';
export { revokeOpenAccountTokens } from './passwords.data.js';
export type { AccountLinks } from './passwords.service.js';
export { hashSecret, randomSecret } from './tokens.js';
