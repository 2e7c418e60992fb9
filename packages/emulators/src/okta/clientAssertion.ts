import { createPublicKey, JsonWebKey, KeyObject, verify } from 'node:crypto';
import type { OktaServiceApp } from '../seed/types';

/** Why a client assertion was refused, in Okta's words where they are known. */
export class AssertionError extends Error {}

const ALGORITHMS: Record<string, { hash: string; ec: boolean }> = {
  RS256: { hash: 'sha256', ec: false },
  RS384: { hash: 'sha384', ec: false },
  RS512: { hash: 'sha512', ec: false },
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
  ES512: { hash: 'sha512', ec: true },
};

export interface VerifiedAssertion {
  clientId: string;
  jti: string;
  exp: number;
}

function decodeSegment(segment: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AssertionError('The client_assertion token is malformed.');
  }
}

function toKeyObject(key: string | JsonWebKey): KeyObject {
  return typeof key === 'string'
    ? createPublicKey(key)
    : createPublicKey({ key, format: 'jwk' });
}

/**
 * Verifies a `private_key_jwt` client assertion: signature against the keys
 * registered for the service app, `iss`/`sub` = client id, `aud` = the token
 * endpoint, and a live, at most one-hour `exp`.
 */
export function verifyClientAssertion(
  jwt: string,
  apps: OktaServiceApp[],
  audiences: string[],
  nowSeconds: number,
): VerifiedAssertion {
  const parts = jwt.split('.');
  if (parts.length !== 3)
    throw new AssertionError('The client_assertion token is malformed.');
  const [rawHeader, rawPayload, rawSignature] = parts;
  const headerJson = decodeSegment(rawHeader);
  const payload = decodeSegment(rawPayload);
  const alg = ALGORITHMS[String(headerJson.alg)];
  if (!alg) {
    throw new AssertionError(
      `The client_assertion token has an unsupported algorithm '${headerJson.alg}'.`,
    );
  }
  const clientId = String(payload.iss ?? '');
  const app = apps.find(a => a.clientId === clientId);
  if (!app)
    throw new AssertionError(
      'The client_assertion token is not issued by a known client.',
    );
  if (payload.sub !== clientId) {
    throw new AssertionError(
      "The client_assertion token's 'sub' must equal its 'iss'.",
    );
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.some(a => typeof a === 'string' && audiences.includes(a))) {
    throw new AssertionError(
      'The audience claim of the client_assertion token is invalid.',
    );
  }
  const exp = Number(payload.exp);
  const iat = payload.iat === undefined ? nowSeconds : Number(payload.iat);
  if (!Number.isFinite(exp) || exp <= nowSeconds) {
    throw new AssertionError('The client_assertion token is expired.');
  }
  if (exp - iat > 3600) {
    throw new AssertionError(
      'The client_assertion token has an expiration too far in the future.',
    );
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) {
    throw new AssertionError(
      "The client_assertion token must have a 'jti' claim.",
    );
  }
  const kid = headerJson.kid;
  const candidates = app.keys.filter(
    k => kid === undefined || k.kid === undefined || k.kid === kid,
  );
  const data = Buffer.from(`${rawHeader}.${rawPayload}`);
  const signature = Buffer.from(rawSignature, 'base64url');
  const valid = candidates.some(k => {
    try {
      const key = toKeyObject(k.publicKey);
      return verify(
        alg.hash,
        data,
        alg.ec ? { key, dsaEncoding: 'ieee-p1363' } : key,
        signature,
      );
    } catch {
      return false;
    }
  });
  if (!valid)
    throw new AssertionError('The client_assertion signature is invalid.');
  return { clientId, jti: payload.jti, exp };
}
