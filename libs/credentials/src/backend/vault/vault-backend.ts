import { createPublicKey, randomUUID } from 'node:crypto';
import type NodeVault from 'node-vault';
import {
  BackendError,
  type BackendSession,
  type IssuedSecret,
  type LeaseRequest,
  type LoginRequest,
  type SecretsBackend,
  type TransitHashAlgorithm,
  type TransitKeyInfo,
  type TransitKeyType,
  type TransitKeyVersion,
  type TransitSignature,
  type TransitSignRequest,
  type WrapInfo,
} from '../secrets-backend';
import { callVault, type CallOptions, type RetryPolicy, type VaultHttpFailure } from './vault-errors';
import { createVaultHttpClient } from './vault-transport';

export interface VaultBackendOptions {
  endpoint: string;
  /** The broker's own token. Secret: never logged, never in an error. */
  token: string;
  namespace?: string;
  requestTimeoutMs?: number;
  /** Attempts per call for retryable failures (default 3). */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  transitMount?: string;
  databaseMount?: string;
  awsMount?: string;
  /** A KV version 2 secrets engine (`kv` secrets are read from `<kvMount>/data/<path>`). */
  kvMount?: string;
  /** Broker-token renewal failures land here; they are never thrown from a timer. */
  onRenewalError?: (error: BackendError) => void;
}

type VaultBody = Record<string, unknown>;
type Operation = Omit<CallOptions, 'idempotent'> & { idempotent?: boolean; secrets?: readonly string[] };

/** A lease or token that is already gone: revocation is idempotent, so this ends the call quietly. */
class AlreadyRevoked extends Error {}

const HASHES: readonly TransitHashAlgorithm[] = ['sha2-256', 'sha2-384', 'sha2-512'];
const AWS_METHODS: readonly string[] = ['creds', 'sts'];
const PREFIX_SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** Broker-named leases of KV reads: Vault has no lease to revoke for them. */
const KV_LEASE_PREFIX = 'kv-read/';

export class VaultBackend implements SecretsBackend {
  readonly kind = 'vault' as const;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly broker: NodeVault.client;
  /** No token at all: logins are unauthenticated, and node-vault's jwtLogin would overwrite a client's token. */
  private readonly anonymous: NodeVault.client;
  private readonly mounts: { transit: string; database: string; aws: string; kv: string };
  /** Lease ids of aws/sts credentials start with this (the mount as Vault names it, unencoded). */
  private readonly stsLeasePrefix: string;
  private renewalTimer: NodeJS.Timeout | undefined;
  /** Bumped by stop(): a renewal already in flight must not reschedule after a stop or restart. */
  private renewalGeneration = 0;

  constructor(private readonly options: VaultBackendOptions) {
    this.endpoint = new URL(options.endpoint).origin;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.retry = {
      maxAttempts: options.maxAttempts ?? 3,
      baseDelayMs: options.retryBaseDelayMs ?? 200,
      maxDelayMs: options.retryMaxDelayMs ?? 5_000,
    };
    this.broker = this.client(options.token);
    this.anonymous = this.client('');
    this.mounts = {
      transit: vaultPath(options.transitMount ?? 'transit'),
      database: vaultPath(options.databaseMount ?? 'database'),
      aws: vaultPath(options.awsMount ?? 'aws'),
      kv: vaultPath(options.kvMount ?? 'secret'),
    };
    this.stsLeasePrefix = `${options.awsMount ?? 'aws'}/sts/`;
  }

  async health(): Promise<void> {
    // sys/health is unauthenticated: no reason to send the broker token.
    const body = await this.call('health check', { idempotent: false }, () => this.anonymous.health());
    // node-vault resolves sys/health for every status, so the body says what is wrong.
    const status = isObject(body) ? body : {};
    if (status['initialized'] === false) throw new BackendError('unavailable', `Vault at ${this.endpoint} is not initialised`);
    if (status['sealed'] === true) throw new BackendError('unavailable', 'Vault is sealed');
    if (status['performance_standby'] === true) {
      throw new BackendError('unavailable', `Vault at ${this.endpoint} is a performance standby; point the broker at the active node`);
    }
    if (status['standby'] === true) {
      throw new BackendError('unavailable', `Vault at ${this.endpoint} is a standby node; point the broker at the active node`);
    }
    if (status['sealed'] !== false) throw new BackendError('unavailable', `Vault at ${this.endpoint} gave no health status`);
  }

  async login(request: LoginRequest): Promise<BackendSession> {
    const mount = vaultPath(request.authMount);
    const body = await this.call(
      `login to auth/${mount} as role "${request.authRole}"`,
      // Vault's JWT/Kubernetes auth answers refused claims, unknown roles and expired JWTs with 400.
      { interpret: (f) => (f.status === 400 ? this.denied(f, `login to auth/${mount} as role "${request.authRole}"`) : undefined) },
      () => this.anonymous.write(`auth/${mount}/login`, { role: request.authRole, jwt: request.jwt }),
    );
    const auth = objectField(body, 'auth');
    const token = stringField(auth, 'client_token');
    const accessor = stringField(auth, 'accessor');
    const ttl = numberField(auth, 'lease_duration');
    if (!token || !accessor || ttl === undefined) throw new BackendError('unavailable', 'Vault login answered without a token');
    return { token, accessor, expiresAt: secondsFromNow(ttl) };
  }

  async revokeSession(accessor: string): Promise<void> {
    await this.revoking('token revocation by accessor', /invalid accessor|token not found/i, () =>
      this.broker.write('auth/token/revoke-accessor', { accessor }),
    );
  }

  async lease(session: BackendSession, request: LeaseRequest): Promise<IssuedSecret> {
    if (request.engine === 'kv') return this.readKv(session, request);
    const sts = stsRequested(request);
    const role = vaultPath(request.backendRole);
    const path = request.engine === 'aws' ? `${this.mounts.aws}/${sts ? 'sts' : 'creds'}/${role}` : `${this.mounts.database}/creds/${role}`;
    // The build's own token, so Vault ties the lease to it and revoke-accessor ends both.
    const headers = () => ({ headers: { 'X-Vault-Token': session.token } });
    const body = await this.call(sts ? `STS credentials from ${path}` : `read of ${path}`, { secrets: [session.token] }, () =>
      sts ? this.broker.write(path, { ttl: `${request.ttlSeconds}s` }, headers()) : this.broker.read(path, headers()),
    );
    const leaseId = stringField(body, 'lease_id');
    const ttl = numberField(body, 'lease_duration');
    if (!leaseId || ttl === undefined) throw new BackendError('unavailable', `Vault ${path} answered without a lease`);
    const data = stringValues(objectField(body, 'data'));
    return {
      leaseId,
      engine: request.engine,
      path,
      ttlSeconds: ttl,
      expiresAt: secondsFromNow(ttl),
      renewable: isObject(body) && body['renewable'] === true,
      // STS credentials (aws/sts, or aws/creds of an assumed_role / federation_token role, which carry a
      // security token) live in AWS until they expire; Vault cannot end them early.
      revocable: !sts && !(request.engine === 'aws' && data['security_token'] !== undefined),
      data,
    };
  }

  /**
   * KV v2 read with the build's own token, so Vault's policy for the build's auth role decides
   * whether it may. KV reads carry no Vault lease: the broker names one so the read is recorded
   * and audited like the others, and it ends at expiry (there is nothing to revoke).
   */
  private async readKv(session: BackendSession, request: LeaseRequest): Promise<IssuedSecret> {
    const path = `${this.mounts.kv}/data/${vaultPath(request.backendRole)}`;
    const body = await this.call(`read of ${path}`, { secrets: [session.token], idempotent: true }, () =>
      this.broker.read(path, { headers: { 'X-Vault-Token': session.token } }),
    );
    const envelope = objectField(body, 'data');
    const metadata = objectField(envelope, 'metadata');
    const version = numberField(metadata, 'version');
    // A soft-deleted or destroyed latest version answers with data null.
    const data = objectField(envelope, 'data');
    if (!data || version === undefined) throw new BackendError('not-found', `Vault ${path}: the latest version is deleted or destroyed`);
    return {
      leaseId: `${KV_LEASE_PREFIX}${this.mounts.kv}/${request.backendRole}/v${version}/${randomUUID()}`,
      engine: 'kv',
      path,
      ttlSeconds: request.ttlSeconds,
      expiresAt: secondsFromNow(request.ttlSeconds),
      renewable: false,
      revocable: false,
      data: stringValues(data),
    };
  }

  async revokeLease(leaseId: string): Promise<void> {
    if (leaseId.startsWith(KV_LEASE_PREFIX)) return;
    // aws/sts leases: Vault's revoke does nothing to the credentials (and versions differ on whether it
    // answers 204 or an error), so nothing is sent and the lease ends at its expiry.
    if (leaseId.startsWith(this.stsLeasePrefix)) return;
    await this.revoking('lease revocation', /invalid lease|lease not found/i, () =>
      this.broker.request({ method: 'PUT', path: '/sys/leases/revoke', json: { lease_id: leaseId, sync: true } }),
    );
  }

  /** `PUT sys/leases/revoke-prefix/<prefix>` (not node-vault's legacy sys/revoke-prefix). Needs sudo. Idempotent. */
  async revokePrefix(prefix: string): Promise<void> {
    const path = leasePrefix(prefix);
    const operation = `lease revocation under "${path}"`;
    await this.call(
      operation,
      { idempotent: true, interpret: (f) => (f.status === 403 ? this.denied(f, `${operation}; revoke-prefix needs a policy with sudo`) : undefined) },
      () => this.broker.request({ method: 'PUT', path: `/sys/leases/revoke-prefix/${path}`, json: { sync: true } }),
    );
  }

  async wrap(data: Record<string, string>, ttlSeconds: number): Promise<WrapInfo> {
    const body = await this.call('response wrapping', {}, () =>
      this.broker.write('sys/wrapping/wrap', data, { headers: { 'X-Vault-Wrap-TTL': `${ttlSeconds}s` } }),
    );
    const info = objectField(body, 'wrap_info');
    const token = stringField(info, 'token');
    const ttl = numberField(info, 'ttl');
    const created = Date.parse(stringField(info, 'creation_time') ?? '');
    if (!token || ttl === undefined) throw new BackendError('unavailable', 'Vault wrap answered without wrap_info');
    const start = Number.isNaN(created) ? Date.now() : created;
    return { token, accessor: stringField(info, 'accessor') ?? '', ttlSeconds: ttl, expiresAt: new Date(start + ttl * 1000) };
  }

  async unwrap(token: string): Promise<Record<string, string>> {
    const body = await this.call(
      'unwrap',
      {
        secrets: [token],
        // Vault cannot tell a used token from an unknown or expired one: all are this 400.
        interpret: (f) =>
          f.status === 400 || f.status === 403
            ? new BackendError('wrapping-token-invalid', 'Wrapping token is not valid, already used, or expired')
            : undefined,
      },
      () => this.broker.request({ method: 'POST', path: '/sys/wrapping/unwrap', headers: { 'X-Vault-Token': token } }),
    );
    return stringValues(objectField(body, 'data'));
  }

  async createKey(name: string, type: TransitKeyType): Promise<void> {
    await this.call(`transit key creation "${name}"`, { idempotent: true }, () => this.broker.write(this.keyPath(name), { type }));
  }

  async rotateKey(name: string): Promise<number> {
    await this.call(`transit key rotation "${name}"`, {}, () => this.broker.write(`${this.keyPath(name)}/rotate`, {}));
    return (await this.readKey(name)).latestVersion;
  }

  async readKey(name: string): Promise<TransitKeyInfo> {
    const body = await this.call(`transit key read "${name}"`, { idempotent: true }, () => this.broker.read(this.keyPath(name)));
    const data = objectField(body, 'data');
    const type = stringField(data, 'type');
    if (type !== 'ecdsa-p256' && type !== 'ed25519') {
      throw new BackendError('invalid-request', `Transit key "${name}" has type ${type ?? 'unknown'}; only ecdsa-p256 and ed25519 sign here`);
    }
    const versions: TransitKeyVersion[] = Object.entries(objectField(data, 'keys') ?? {})
      .map(([version, entry]) => ({
        version: Number(version),
        publicKeyPem: publicKeyPem(type, stringField(entry, 'public_key') ?? ''),
        createdAt: new Date(stringField(entry, 'creation_time') ?? 0),
      }))
      .sort((a, b) => a.version - b.version);
    return {
      name,
      type,
      latestVersion: numberField(data, 'latest_version') ?? 0,
      minDecryptionVersion: numberField(data, 'min_decryption_version') ?? 1,
      versions,
    };
  }

  async sign(request: TransitSignRequest): Promise<TransitSignature> {
    const path = `${this.mounts.transit}/sign/${vaultPath(request.key)}/${hashSegment(request.hashAlgorithm)}`;
    const input = Buffer.from(request.input).toString('base64');
    const json = { input, ...(request.keyVersion === undefined ? {} : { key_version: request.keyVersion }), marshaling_algorithm: 'asn1' };
    const body = await this.call(`transit sign with "${request.key}"`, { idempotent: true }, () => this.broker.write(path, json));
    const data = objectField(body, 'data');
    const signature = stringField(data, 'signature') ?? '';
    const keyVersion = numberField(data, 'key_version') ?? Number(/^vault:v(\d+):/.exec(signature)?.[1]);
    if (!signature || !Number.isInteger(keyVersion)) throw new BackendError('unavailable', 'Vault sign answered without a signature');
    return { signature, keyVersion };
  }

  async verify(key: string, input: Uint8Array, signature: string, hashAlgorithm?: TransitHashAlgorithm): Promise<boolean> {
    const path = `${this.mounts.transit}/verify/${vaultPath(key)}/${hashSegment(hashAlgorithm)}`;
    const json = { input: Buffer.from(input).toString('base64'), signature };
    const body = await this.call(`transit verify with "${key}"`, { idempotent: true }, () => this.broker.write(path, json));
    return objectField(body, 'data')?.['valid'] === true;
  }

  /** Looks the broker token up and renews it at about 2/3 of its TTL until stop(). Tokens without a TTL need nothing. */
  async startTokenRenewal(): Promise<void> {
    this.stop();
    const body = await this.call('token lookup', { idempotent: true }, () => this.broker.tokenLookupSelf());
    const data = objectField(body, 'data');
    const ttl = numberField(data, 'ttl') ?? 0;
    if (ttl > 0 && data?.['renewable'] === true) this.scheduleRenewal(ttl * (2 / 3), secondsFromNow(ttl));
  }

  stop(): void {
    this.renewalGeneration++;
    clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
  }

  private scheduleRenewal(delaySeconds: number, expiresAt: Date): void {
    const generation = this.renewalGeneration;
    this.renewalTimer = setTimeout(() => void this.renew(expiresAt, generation), Math.max(1_000, delaySeconds * 1000));
    this.renewalTimer.unref();
  }

  private async renew(expiresAt: Date, generation: number): Promise<void> {
    const current = () => generation === this.renewalGeneration;
    try {
      const body = await this.call('token renewal', { idempotent: true }, () => this.broker.tokenRenewSelf());
      const auth = objectField(body, 'auth');
      const ttl = numberField(auth, 'lease_duration') ?? 0;
      if (current() && ttl > 0 && auth?.['renewable'] !== false) this.scheduleRenewal(ttl * (2 / 3), secondsFromNow(ttl));
    } catch (err: unknown) {
      this.reportRenewalError(err);
      // Try again at half the time left, while the token still lives.
      const left = (expiresAt.getTime() - Date.now()) / 1000;
      if (current() && left > 2) this.scheduleRenewal(left / 2, expiresAt);
    }
  }

  private reportRenewalError(err: unknown): void {
    try {
      this.options.onRenewalError?.(err instanceof BackendError ? err : new BackendError('unavailable', 'Token renewal failed'));
    } catch {
      // A faulty callback must not crash the process from a timer.
    }
  }

  private keyPath(name: string): string {
    return `${this.mounts.transit}/keys/${vaultPath(name)}`;
  }

  private denied(failure: VaultHttpFailure, operation: string): BackendError {
    const said = failure.errors.length > 0 ? `: ${failure.errors.join('; ')}` : '';
    return new BackendError('permission-denied', `Vault refused ${operation} (HTTP ${failure.status})${said}`);
  }

  private async revoking(operation: string, alreadyGone: RegExp, send: () => Promise<unknown>): Promise<void> {
    const gone = (f: VaultHttpFailure) => (f.status === 400 && f.errors.some((e) => alreadyGone.test(e)) ? new AlreadyRevoked() : undefined);
    try {
      await this.call(operation, { idempotent: true, interpret: gone }, send);
    } catch (err: unknown) {
      if (!(err instanceof AlreadyRevoked)) throw err;
    }
  }

  private call(operation: string, options: Operation, send: () => Promise<unknown>): Promise<unknown> {
    const context = {
      operation,
      endpoint: this.endpoint,
      timeoutMs: this.timeoutMs,
      secrets: [this.options.token, ...(options.secrets ?? [])],
    };
    return callVault(context, this.retry, { idempotent: options.idempotent ?? false, interpret: options.interpret }, send);
  }

  private client(token: string): NodeVault.client {
    return createVaultHttpClient({ endpoint: this.endpoint, token, namespace: this.options.namespace, timeoutMs: this.timeoutMs });
  }
}

/** Encodes each segment of a mount, role or key name; rejects empty and dot segments that would change the path. */
function vaultPath(value: string): string {
  const segments = value.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new BackendError('invalid-request', `"${value}" is not a valid Vault mount, role or key name`);
  }
  return segments.map(encodeURIComponent).join('/');
}

/** AWS `sts` was asked for; refuses it for other engines, unknown methods, and TTLs Vault cannot take. */
function stsRequested(request: LeaseRequest): boolean {
  const method: unknown = request.awsMethod ?? 'creds';
  if (typeof method !== 'string' || !AWS_METHODS.includes(method)) {
    throw new BackendError('invalid-request', `Unsupported AWS credential method ${String(method)}`);
  }
  if (method !== 'sts') return false;
  if (request.engine !== 'aws') throw new BackendError('invalid-request', `STS credentials come from the aws engine, not ${request.engine}`);
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds <= 0) {
    throw new BackendError('invalid-request', `STS credentials need a positive whole number of seconds, not ${request.ttlSeconds}`);
  }
  return true;
}

/** A lease path prefix such as `database/creds/ci-readonly` (a trailing `/` is allowed); refuses anything that could change the path. */
function leasePrefix(prefix: string): string {
  const segments = (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix).split('/');
  if (prefix.includes('..') || prefix.startsWith('/') || !segments.every((s) => s !== '.' && PREFIX_SEGMENT.test(s))) {
    throw new BackendError('invalid-request', `${JSON.stringify(prefix)} is not a valid lease prefix (segments of A-Z a-z 0-9 _ . -)`);
  }
  return prefix;
}

function hashSegment(hash: TransitHashAlgorithm | undefined): string {
  const chosen = hash ?? 'sha2-256';
  if (!HASHES.includes(chosen)) throw new BackendError('invalid-request', `Unsupported hash algorithm ${String(chosen)}`);
  return chosen;
}

/** Vault gives ECDSA keys as PEM and ed25519 keys as base64 of the raw 32 bytes. */
function publicKeyPem(type: TransitKeyType, publicKey: string): string {
  if (type === 'ecdsa-p256') return publicKey;
  const x = Buffer.from(publicKey, 'base64').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

function secondsFromNow(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}

function isObject(value: unknown): value is VaultBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectField(value: unknown, key: string): VaultBody | undefined {
  const field = isObject(value) ? value[key] : undefined;
  return isObject(field) ? field : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = isObject(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const field = isObject(value) ? value[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

/** Secret values only: drops nulls (AWS iam_user's security_token) and anything that is not a string. */
function stringValues(data: VaultBody | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
