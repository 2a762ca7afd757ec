/**
 * What the broker needs from a secrets backend. Vault implements it over HTTP;
 * the embedded backend implements the same semantics on PostgreSQL (real roles,
 * real keys). Every method either succeeds or throws a BackendError whose kind
 * says whether retrying can help.
 */

/**
 * Engines a role may lease from. `aws` needs the vault backend. `kv` is a static
 * secret (a git host's read token, say) kept by the backend: reading it is
 * recorded and audited like a lease, but it cannot be revoked early (it is not
 * minted per build), so its lease ends at expiry.
 */
export type SecretEngine = 'database' | 'aws' | 'kv';

/** Transit-style key types (Vault names). */
export type TransitKeyType = 'ecdsa-p256' | 'ed25519';

/** Vault's hash names for transit sign/verify (ignored for ed25519). */
export type TransitHashAlgorithm = 'sha2-256' | 'sha2-384' | 'sha2-512';

/** A backend login made as one build: Vault's per-build token, or the embedded equivalent. */
export interface BackendSession {
  /** Secret (Vault client token). Held in memory for the exchange only; never persisted or logged. */
  readonly token: string;
  /** Not secret: names the session for later revocation (Vault token accessor). */
  readonly accessor: string;
  readonly expiresAt: Date;
}

export interface LoginRequest {
  /** The build's own workload JWT; Vault's JWT/Kubernetes auth checks its bound claims again. */
  jwt: string;
  /** The backend-side auth role (Vault: auth/<mount>/role/<name>). */
  authRole: string;
  /** Auth method mount, e.g. `jwt` or `kubernetes` (vault only). */
  authMount: string;
  pipelineRunId: string;
  ttlSeconds: number;
}

export interface LeaseRequest {
  engine: SecretEngine;
  /**
   * Backend role: `database/creds/<backendRole>`, `aws/creds/<backendRole>`, an embedded
   * database role, or for `kv` the secret's path (`git/pumps-firmware`).
   */
  backendRole: string;
  ttlSeconds: number;
  pipelineRunId: string;
  /**
   * AWS only: `creds` (default) reads `aws/creds/<backendRole>`; `sts` asks
   * `aws/sts/<backendRole>` for STS credentials (with a security token) lasting
   * `ttlSeconds`, which cannot be revoked before they expire.
   */
  awsMethod?: 'creds' | 'sts';
}

/** A leased secret. `data` holds the secret values: return it to the caller, never store or log it. */
export interface IssuedSecret {
  leaseId: string;
  engine: SecretEngine;
  /** Where it came from, e.g. `database/creds/ci-readonly` (not secret). */
  path: string;
  ttlSeconds: number;
  expiresAt: Date;
  renewable: boolean;
  /**
   * False when the backend cannot end the lease early (AWS STS credentials): revokeLease
   * then succeeds without effect, and the broker treats such a lease as ending at expiry.
   * Absent or true: revokeLease ends it.
   */
  revocable?: boolean;
  data: Record<string, string>;
}

/** A single-use wrapping token for `data` (Vault response wrapping semantics). */
export interface WrapInfo {
  /** Secret: the bearer of this token can unwrap once. */
  token: string;
  /** Not secret: names the wrapping token in audit and revocation. */
  accessor: string;
  ttlSeconds: number;
  expiresAt: Date;
}

export interface TransitSignRequest {
  key: string;
  input: Uint8Array;
  /** Latest when omitted. */
  keyVersion?: number;
  /** Default sha2-256; ignored by ed25519 (which signs the input itself). */
  hashAlgorithm?: TransitHashAlgorithm;
}

export interface TransitSignature {
  /** `vault:v<N>:<base64 DER (ECDSA) or raw (Ed25519) signature>` */
  signature: string;
  keyVersion: number;
}

export interface TransitKeyVersion {
  version: number;
  /** SPKI PEM for every type (Vault gives ed25519 as raw base64; the vault backend converts it). */
  publicKeyPem: string;
  createdAt: Date;
}

export interface TransitKeyInfo {
  name: string;
  type: TransitKeyType;
  latestVersion: number;
  /** Versions below this no longer sign or verify (retired). */
  minDecryptionVersion: number;
  versions: TransitKeyVersion[];
}

export interface SecretsBackend {
  readonly kind: 'vault' | 'embedded';
  /** Throws BackendError('unavailable') when the backend cannot serve requests. */
  health(): Promise<void>;

  login(request: LoginRequest): Promise<BackendSession>;
  /** Revokes the session and, with Vault, every lease created under it. Idempotent. */
  revokeSession(accessor: string): Promise<void>;

  lease(session: BackendSession, request: LeaseRequest): Promise<IssuedSecret>;
  /** Idempotent: a lease that is already gone counts as revoked. */
  revokeLease(leaseId: string): Promise<void>;
  /**
   * Revokes every lease under a path, e.g. a withdrawn role: `database/creds/ci-readonly`.
   * Vault needs sudo for it. Optional: backends without it cannot revoke by path.
   */
  revokePrefix?(prefix: string): Promise<void>;

  wrap(data: Record<string, string>, ttlSeconds: number): Promise<WrapInfo>;
  /** Single use. Throws BackendError('wrapping-token-reused') on a second use, ('wrapping-token-invalid') when unknown or expired. */
  unwrap(token: string): Promise<Record<string, string>>;

  createKey(name: string, type: TransitKeyType): Promise<void>;
  rotateKey(name: string): Promise<number>;
  readKey(name: string): Promise<TransitKeyInfo>;
  sign(request: TransitSignRequest): Promise<TransitSignature>;
  verify(key: string, input: Uint8Array, signature: string, hashAlgorithm?: TransitHashAlgorithm): Promise<boolean>;
}

export type BackendErrorKind =
  /** Unreachable, sealed, standby, 5xx: retry later; a build asking now is denied (fail closed). */
  | 'unavailable'
  /** 429: retry after a pause. */
  | 'rate-limited'
  /** The backend refused this identity or path (403, bound claims). Not retried. */
  | 'permission-denied'
  | 'not-found'
  | 'invalid-request'
  | 'wrapping-token-invalid'
  | 'wrapping-token-reused';

/** A backend failure in words a build log and an auditor can use; never carries a secret. */
export class BackendError extends Error {
  override readonly name = 'BackendError';

  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }

  readonly retryAfterMs?: number;

  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate-limited';
  }
}
