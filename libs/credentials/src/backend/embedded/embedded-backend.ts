import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DatabaseRoleGrants } from '../../roles/broker-roles.schema';
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
  type TransitSignRequest,
  type TransitSignature,
  type WrapInfo,
} from '../secrets-backend';
import { EmbeddedTokens } from './embedded-tokens';
import type { KeyEncryptionKey } from './key-encryption-key';
import { PostgresRoleEngine } from './postgres-role.engine';
import { StaticSecretStore } from './static-secret-store';
import { TransitKeyStore } from './transit-key-store';

export interface EmbeddedBackendOptions {
  /** The broker's own schema: sessions, wrapping tokens, transit keys. */
  dataSource: DataSource;
  /** Superuser (or CREATEROLE) connection to the database whose roles builds lease. */
  adminUrl: string;
  databaseRoles: Record<string, DatabaseRoleGrants>;
  kek: KeyEncryptionKey;
}

/** Lease ids of static-secret reads: nothing to revoke in the backend. */
const STATIC_LEASE_PREFIX = 'kv/';

/**
 * The one-machine secrets backend, real rather than pretend: database leases
 * are PostgreSQL roles, signing keys are versioned transit-style keys and
 * static secrets are values, both sealed with a key-encryption key, and tokens
 * are single-use where Vault's are.
 */
export class EmbeddedBackend implements SecretsBackend {
  readonly kind = 'embedded' as const;
  private readonly roles: PostgresRoleEngine;
  private readonly tokens: EmbeddedTokens;
  readonly transit: TransitKeyStore;
  readonly staticSecrets: StaticSecretStore;

  constructor(private readonly options: EmbeddedBackendOptions) {
    this.roles = new PostgresRoleEngine(options.adminUrl, options.databaseRoles);
    this.tokens = new EmbeddedTokens(options.dataSource, options.kek);
    this.transit = new TransitKeyStore(options.dataSource, options.kek);
    this.staticSecrets = new StaticSecretStore(options.dataSource, options.kek);
  }

  async health(): Promise<void> {
    await this.roles.health();
    await this.guard(() => this.options.dataSource.query('SELECT 1'));
  }

  login(request: LoginRequest): Promise<BackendSession> {
    // The broker has verified the workload token; the embedded backend has no second auth method to ask.
    return this.guard(() => this.tokens.login(request.pipelineRunId, request.ttlSeconds));
  }

  revokeSession(accessor: string): Promise<void> {
    return this.guard(() => this.tokens.revokeSession(accessor));
  }

  async lease(session: BackendSession, request: LeaseRequest): Promise<IssuedSecret> {
    if (request.engine === 'aws') {
      throw new BackendError('invalid-request', `the embedded backend has no ${request.engine} engine (use the vault backend)`);
    }
    await this.guard(() => this.tokens.assertSessionActive(session));
    // A lease never outlives the session it was issued under.
    const ttl = Math.max(1, Math.min(request.ttlSeconds, Math.ceil((session.expiresAt.getTime() - Date.now()) / 1000)));
    if (request.engine === 'kv') return this.readStatic(request.backendRole, ttl);
    return this.roles.lease(request.backendRole, ttl);
  }

  revokeLease(leaseId: string): Promise<void> {
    // A static secret outlives any build's read of it: its lease just ends.
    if (leaseId.startsWith(STATIC_LEASE_PREFIX)) return Promise.resolve();
    return this.roles.revoke(leaseId);
  }

  private async readStatic(path: string, ttlSeconds: number): Promise<IssuedSecret> {
    const { version, data } = await this.guard(() => this.staticSecrets.read(path));
    return {
      leaseId: `${STATIC_LEASE_PREFIX}${path}/v${version}/${randomUUID()}`,
      engine: 'kv',
      path: `kv/${path}`,
      ttlSeconds,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      renewable: false,
      revocable: false,
      data,
    };
  }

  /** Roles whose VALID UNTIL has passed but that still exist; dropped by the expiry sweep. */
  expiredDatabaseLeases(): Promise<string[]> {
    return this.roles.expiredRoles();
  }

  wrap(data: Record<string, string>, ttlSeconds: number): Promise<WrapInfo> {
    return this.guard(() => this.tokens.wrap(data, ttlSeconds));
  }

  unwrap(token: string): Promise<Record<string, string>> {
    return this.guard(() => this.tokens.unwrap(token));
  }

  createKey(name: string, type: TransitKeyType): Promise<void> {
    return this.guard(() => this.transit.createKey(name, type));
  }

  rotateKey(name: string): Promise<number> {
    return this.guard(() => this.transit.rotateKey(name));
  }

  readKey(name: string): Promise<TransitKeyInfo> {
    return this.guard(() => this.transit.readKey(name));
  }

  sign(request: TransitSignRequest): Promise<TransitSignature> {
    return this.guard(() => this.transit.sign(request));
  }

  verify(key: string, input: Uint8Array, signature: string, hashAlgorithm?: TransitHashAlgorithm): Promise<boolean> {
    return this.guard(() => this.transit.verify(key, input, signature, hashAlgorithm));
  }

  async close(): Promise<void> {
    await this.roles.close();
  }

  /** Database failures of the broker's own schema are outages: the build is denied, never served from a fallback. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BackendError) throw error;
      throw new BackendError('unavailable', `embedded backend: ${(error as Error).message}`);
    }
  }
}
