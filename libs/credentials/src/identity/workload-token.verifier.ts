import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { TrustedIssuer } from '../roles/broker-roles.schema';

/** Asymmetric algorithms only: `alg: none` and HMAC (e.g. signed with the issuer's public key) are refused. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
/** Small allowance for clock skew between the build agent's issuer and the broker. */
export const CLOCK_SKEW_SECONDS = 30;

export interface VerifiedWorkload {
  issuer: string;
  subject: string;
  claims: JWTPayload;
}

type KeySet = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;

/** A refused workload token; `reason` is safe to record and to return (it never quotes the token). */
export class WorkloadTokenError extends Error {
  override readonly name = 'WorkloadTokenError';

  constructor(readonly reason: string) {
    super(`workload token refused: ${reason}`);
  }
}

/**
 * Verifies a build's workload JWT against its issuer's JWKS. jose caches each
 * key set and refetches it when a token names an unknown `kid` (rate-limited by
 * the cooldown), so an issuer's key rotation needs no restart.
 */
export class WorkloadTokenVerifier {
  private readonly keySets = new Map<string, KeySet>();

  constructor(private readonly issuers: readonly TrustedIssuer[]) {
    // Static key sets are read once, at start: a bad file fails the boot, not a build.
    for (const issuer of issuers) {
      if (issuer.jwksFile) this.keySets.set(issuer.issuer, createLocalJWKSet(JSON.parse(readFileSync(issuer.jwksFile, 'utf8')) as JSONWebKeySet));
    }
  }

  async verify(token: string): Promise<VerifiedWorkload> {
    let unverifiedIssuer: unknown;
    try {
      unverifiedIssuer = decodeJwt(token).iss;
    } catch {
      throw new WorkloadTokenError('malformed token');
    }
    // The unverified `iss` only picks which key set to try; the signature check below decides.
    const trusted = this.issuers.find((i) => i.issuer === unverifiedIssuer);
    if (!trusted) throw new WorkloadTokenError('issuer not trusted');
    try {
      const { payload } = await jwtVerify(token, this.keySet(trusted), {
        issuer: trusted.issuer,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub', 'aud'],
      });
      return { issuer: trusted.issuer, subject: payload.sub!, claims: payload };
    } catch (error) {
      throw new WorkloadTokenError(describeJoseError(error));
    }
  }

  private keySet(issuer: TrustedIssuer): KeySet {
    let set = this.keySets.get(issuer.issuer);
    if (!set) {
      set = createRemoteJWKSet(new URL(issuer.jwksUri!), { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: 5000 });
      this.keySets.set(issuer.issuer, set);
    }
    return set;
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token not yet valid';
    return `claim "${error.claim}" ${error.reason === 'check_failed' ? 'mismatch' : error.reason}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key in the issuer JWKS matches the token kid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  if (error instanceof errors.JOSENotSupported) return 'unsupported token algorithm';
  if (error instanceof errors.JWKSTimeout) return 'issuer JWKS timed out';
  return 'token could not be verified';
}
