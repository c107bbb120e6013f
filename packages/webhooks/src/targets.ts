import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be delivered: only to globally routable unicast addresses, so that a
 * subscription cannot make the API or the worker reach into our own network (SSRF). Pure functions,
 * shared by the API (checked when a subscription is created or changed) and the worker (checked again
 * on every delivery, since DNS answers change).
 */

// Cloud metadata services; each also falls into a refused range, named here so the intent is plain.
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

function isForbiddenV4(addr: ipaddr.IPv4): boolean {
  if (METADATA_ADDRESSES.has(addr.toString())) return true;
  // Refused: unspecified, broadcast, multicast, linkLocal, loopback, carrierGradeNat, private,
  // reserved and the other special-purpose blocks ipaddr.js knows; only plain unicast passes.
  return addr.range() !== 'unicast';
}

/**
 * Whether a resolved address must never be a webhook target: loopback, private (RFC 1918),
 * link-local, CGNAT, unique-local, unspecified, multicast, metadata addresses and every other
 * special-purpose block. An address that does not parse is refused too.
 */
export function isForbiddenAddress(ip: string): boolean {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // A zone index (fe80::1%eth0) only exists on link-local addresses.
  if (text.includes('%')) return true;
  if (!ipaddr.isValid(text)) return true;
  const addr = ipaddr.parse(text);
  if (addr.kind() === 'ipv4') return isForbiddenV4(addr as ipaddr.IPv4);
  const v6 = addr as ipaddr.IPv6;
  if (METADATA_ADDRESSES.has(v6.toNormalizedString()) || METADATA_ADDRESSES.has(v6.toString())) return true;
  const range = v6.range();
  // IPv4 written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  if (range === 'ipv4Mapped') return isForbiddenV4(v6.toIPv4Address());
  return range !== 'unicast';
}

/**
 * WEBHOOK_ALLOWED_TARGETS: comma-separated origins (`http://127.0.0.1:4010`) accepted as they are,
 * plain http and local addresses included, for tests and local receivers. Returns the normalized
 * origins; throws on an entry that is not an http(s) origin.
 */
export function parseAllowList(config: string | undefined): readonly string[] {
  if (!config) return [];
  const origins: string[] = [];
  for (const raw of config.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`Not an origin: ${entry}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`Not an http(s) origin: ${entry}`);
    if (
      url.username ||
      url.password ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search ||
      url.hash
    ) {
      throw new Error(`An allowed target is an origin only (scheme, host, port): ${entry}`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Whether the URL's origin (scheme, host, port) is on the allow-list. */
export function isAllowListed(url: string | URL, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return false;
  try {
    return allowList.includes((typeof url === 'string' ? new URL(url) : url).origin);
  } catch {
    return false;
  }
}
