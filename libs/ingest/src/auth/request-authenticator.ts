import { decodeJwt } from 'jose';
import { SIGNATURE_HEADER, SOURCE_HEADER, verifyPassword, verifyRequestSignature } from '@tollgate/event-client';
import { IngestError } from '../ingest.error';
import type { OidcTokenVerifier } from './oidc-token.verifier';
import type { IngestSource, SourceRegistry } from './source-registry';

export type IngestEndpoint = 'events' | 'jenkins';

export interface AuthRequest {
  endpoint: IngestEndpoint;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface Principal {
  source: IngestSource;
  method: 'hmac' | 'oidc' | 'basic';
}

/** Remembers signatures seen inside the replay window; `firstUse` is false for a replay. */
export interface ReplayGuard {
  firstUse(sourceId: string, signature: string, expiresAt: Date): Promise<boolean>;
}

export interface AuthenticatorOptions {
  replayWindowSeconds: number;
  now?: () => Date;
}

function header(headers: AuthRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Authenticates every write: HMAC (per-source secret, timestamp in a replay
 * window, each signature usable once), OIDC bearer (JWKS, issuer, audience),
 * or — on the Jenkins webhook only, since that plugin can do nothing else —
 * Basic credentials checked against a stored scrypt hash.
 */
export class RequestAuthenticator {
  constructor(
    private readonly registry: SourceRegistry,
    private readonly oidc: OidcTokenVerifier,
    private readonly replay: ReplayGuard,
    private readonly options: AuthenticatorOptions,
  ) {}

  async authenticate(request: AuthRequest): Promise<Principal> {
    const authorization = header(request.headers, 'authorization');
    const signature = header(request.headers, SIGNATURE_HEADER);
    if (signature !== undefined) return this.hmac(request, signature);
    if (authorization?.startsWith('Bearer ')) return this.bearer(authorization.slice('Bearer '.length).trim());
    if (authorization?.startsWith('Basic ')) return this.basic(request.endpoint, authorization.slice('Basic '.length).trim());
    throw new IngestError('UNAUTHENTICATED', 'missing credentials: send an HMAC signature, a bearer token or (Jenkins webhook only) Basic credentials');
  }

  private async hmac(request: AuthRequest, signature: string): Promise<Principal> {
    const sourceId = header(request.headers, SOURCE_HEADER);
    const source = sourceId ? this.registry.get(sourceId) : undefined;
    if (!source?.hmacSecret) throw new IngestError('UNAUTHENTICATED', `unknown source or no HMAC secret for source "${sourceId ?? ''}"`);
    const now = this.options.now?.() ?? new Date();
    const result = verifyRequestSignature({
      secret: source.hmacSecret,
      body: request.rawBody,
      header: signature,
      now,
      toleranceSeconds: this.options.replayWindowSeconds,
    });
    if (!result.ok) throw new IngestError('UNAUTHENTICATED', `signature ${result.reason}`);
    const expiresAt = new Date((result.timestamp + this.options.replayWindowSeconds) * 1000);
    if (!(await this.replay.firstUse(source.id, result.signature, expiresAt))) {
      throw new IngestError('REPLAYED', 'signature already used: request replayed');
    }
    return { source, method: 'hmac' };
  }

  private async bearer(token: string): Promise<Principal> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new IngestError('UNAUTHENTICATED', 'bearer token rejected: malformed token');
    }
    const candidates = issuer ? this.registry.byIssuer(issuer) : [];
    if (candidates.length === 0) throw new IngestError('UNAUTHENTICATED', 'bearer token rejected: no source trusts this issuer');
    const { source } = await this.oidc.verify(token, candidates);
    return { source, method: 'oidc' };
  }

  private async basic(endpoint: IngestEndpoint, encoded: string): Promise<Principal> {
    if (endpoint !== 'jenkins') {
      throw new IngestError('UNAUTHENTICATED', 'Basic credentials are accepted on the Jenkins webhook only; sign the request or use a bearer token');
    }
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon > 0 ? decoded.slice(0, colon) : '';
    const password = colon > 0 ? decoded.slice(colon + 1) : '';
    const source = this.registry.all().find((s) => s.basic?.username === username);
    // Verify against a hash even for unknown users so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, source?.basic?.passwordHash ?? DUMMY_HASH);
    if (!source || !ok) throw new IngestError('UNAUTHENTICATED', 'invalid Basic credentials');
    return { source, method: 'basic' };
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
