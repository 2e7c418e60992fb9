import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function digest(namespace: string, key: string): Buffer {
  return createHash('sha256').update(`${namespace}\u0000${key}`).digest();
}

function toBase62(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[bytes[i % bytes.length] % 62];
  return out;
}

/**
 * A 20-character Okta-style id (`00u…` users, `00g…` groups) derived from a
 * stable key, so seeded objects keep their ids across restarts.
 */
export function oktaId(prefix: string, key: string): string {
  return prefix + toBase62(digest(`okta-${prefix}`, key), 20 - prefix.length);
}

/** A random Okta-style id, for request ids and error ids. */
export function randomOktaId(prefix: string, length = 20): string {
  return prefix + toBase62(randomBytes(length), length - prefix.length);
}

/** A version-4-shaped GUID derived from a stable key. */
export function stableGuid(namespace: string, key: string): string {
  return formatGuid(digest(namespace, key));
}

export function formatGuid(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A 24-hex-digit Atlassian-style account id derived from a stable key. */
export function atlassianAccountId(key: string): string {
  return digest('atlassian', key).toString('hex').slice(0, 24);
}

/** An opaque random token. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** A stable number in [0, 1) derived from a key. */
export function stableFraction(key: string): number {
  return digest('fraction', key).readUInt32BE(0) / 4294967296;
}
