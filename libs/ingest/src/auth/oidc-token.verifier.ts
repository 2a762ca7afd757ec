import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { IngestError } from '../ingest.error';
import type { IngestSource } from './source-registry';

/** Asymmetric algorithms only: `none` and HMAC-signed tokens are refused outright. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies OIDC bearer tokens (Jenkins OIDC provider, Kubernetes SA tokens, …)
 * against the issuer's JWKS. jose caches the key set and refetches it when a
 * token names an unknown `kid`, so key rotation needs no restart.
 */
export class OidcTokenVerifier {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  async verify(token: string, candidates: IngestSource[]): Promise<{ source: IngestSource; payload: JWTPayload }> {
    let lastReason = 'no source trusts this issuer';
    for (const source of candidates) {
      const oidc = source.oidc!;
      try {
        const { payload } = await jwtVerify(token, this.keySet(oidc.jwksUri), {
          issuer: oidc.issuer,
          audience: oidc.audience,
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'sub'],
        });
        if (oidc.allowedSubjects && !oidc.allowedSubjects.includes(payload.sub!)) {
          lastReason = 'token subject is not allowed for this source';
          continue;
        }
        return { source, payload };
      } catch (error) {
        lastReason = describeJoseError(error);
      }
    }
    throw new IngestError('UNAUTHENTICATED', `bearer token rejected: ${lastReason}`);
  }

  private keySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.keySets.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.keySets.set(uri, set);
    }
    return set;
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" ${error.reason === 'check_failed' ? 'mismatch' : error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no matching key in the issuer JWKS';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  if (error instanceof errors.JOSENotSupported) return 'unsupported token algorithm';
  if (error instanceof errors.JWKSTimeout) return 'issuer JWKS timed out';
  return 'token could not be verified';
}
