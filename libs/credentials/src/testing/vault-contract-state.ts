/**
 * What the Vault contract server remembers: tokens and accessors, login roles,
 * leases held per token (so revoking a token's accessor revokes its leases, as in
 * Vault), single-use wrapping tokens, and the reply shapes Vault uses.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** A reply in Vault's shapes: the generic envelope, the error envelope, or 204. */
export class VaultReply {
  private constructor(
    readonly status: number,
    readonly body: Record<string, unknown> | undefined,
    readonly headers: Record<string, string> = {},
  ) {}

  /** Generic envelope; `fields` sets lease_id, auth, wrap_info and friends. */
  static data(data: Record<string, unknown> | null, fields: Record<string, unknown> = {}): VaultReply {
    const envelope = { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null };
    return new VaultReply(200, { ...envelope, ...fields });
  }

  static error(status: number, ...errors: string[]): VaultReply {
    return new VaultReply(status, { errors });
  }

  /** A body outside the envelope (sys/health answers with its status object). */
  static raw(status: number, body: Record<string, unknown>): VaultReply {
    return new VaultReply(status, body);
  }

  static noContent(): VaultReply {
    return new VaultReply(204, undefined);
  }

  withHeaders(headers: Record<string, string>): VaultReply {
    return new VaultReply(this.status, this.body, { ...this.headers, ...headers });
  }
}

export type TokenKind = 'admin' | 'build';

export interface ContractToken {
  readonly token: string;
  readonly accessor: string;
  readonly kind: TokenKind;
  readonly policies: string[];
  /** May use sudo-protected paths (sys/leases/revoke-prefix). The root token can. */
  readonly sudo: boolean;
  ttlSeconds: number;
  /** Undefined for tokens that never expire (root). */
  expiresAt: Date | undefined;
  readonly renewable: boolean;
  readonly leases: Set<string>;
}

interface CredsRole {
  ttlSeconds: number;
  /** AWS only: `iam_user` gives a null security_token, `assumed_role` an STS one. */
  credentialType?: 'iam_user' | 'assumed_role';
}

interface Wrapped {
  reply: VaultReply;
  accessor: string;
  expiresAt: Date;
}

const LOGIN_DENIALS = {
  400: 'error validating claims: claim "sub" does not match any associated bound claim values',
  403: 'permission denied',
} as const;

export class ContractState {
  private readonly tokens = new Map<string, ContractToken>();
  private readonly authRoles = new Map<string, number>();
  private readonly credsRoles = new Map<string, CredsRole>();
  private readonly leases = new Map<string, string>();
  private readonly wrapped = new Map<string, Wrapped>();
  readonly deniedLogins = new Map<string, 400 | 403>();

  mintToken(kind: TokenKind, ttlSeconds: number, policies: string[], sudo = false): ContractToken {
    const entry: ContractToken = {
      token: `hvs.${randomBytes(18).toString('base64url')}`,
      accessor: randomBytes(12).toString('base64url'),
      kind,
      policies,
      sudo,
      ttlSeconds,
      expiresAt: ttlSeconds > 0 ? new Date(Date.now() + ttlSeconds * 1000) : undefined,
      renewable: ttlSeconds > 0,
      leases: new Set(),
    };
    this.tokens.set(entry.token, entry);
    return entry;
  }

  /** The live token for this value, or undefined when unknown, revoked or expired. */
  authenticate(token: string | undefined): ContractToken | undefined {
    const entry = token === undefined ? undefined : this.tokens.get(token);
    if (entry?.expiresAt && entry.expiresAt.getTime() <= Date.now()) return undefined;
    return entry;
  }

  addAuthRole(mount: string, role: string, ttlSeconds: number): void {
    this.authRoles.set(`${mount}\n${role}`, ttlSeconds);
  }

  addCredsRole(mount: string, role: string, settings: CredsRole): void {
    this.credsRoles.set(`${mount}/${role}`, settings);
  }

  isLeaseActive(leaseId: string): boolean {
    return this.leases.has(leaseId);
  }

  login(mount: string, body: Record<string, unknown>): VaultReply {
    const role = typeof body['role'] === 'string' ? body['role'] : '';
    const ttl = this.authRoles.get(`${mount}\n${role}`);
    if (ttl === undefined) return VaultReply.error(400, `role "${role}" could not be found`);
    if (typeof body['jwt'] !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(body['jwt'])) {
      return VaultReply.error(400, 'error validating token: invalid JWT format');
    }
    const denial = this.deniedLogins.get(role);
    if (denial) return VaultReply.error(denial, LOGIN_DENIALS[denial]);
    const entry = this.mintToken('build', ttl, ['default', role]);
    const auth = {
      client_token: entry.token,
      accessor: entry.accessor,
      policies: entry.policies,
      token_policies: entry.policies,
      metadata: { role },
      lease_duration: ttl,
      renewable: true,
      entity_id: randomUUID(),
      token_type: 'service',
      orphan: true,
    };
    return VaultReply.data(null, { auth });
  }

  creds(mount: string, role: string, owner: ContractToken): VaultReply {
    const settings = this.credsRoles.get(`${mount}/${role}`);
    if (!settings) return VaultReply.error(400, `unknown role: ${role}`);
    const leaseId = `${mount}/creds/${role}/${randomBytes(18).toString('base64url')}`;
    this.leases.set(leaseId, owner.token);
    owner.leases.add(leaseId);
    const data =
      settings.credentialType === undefined
        ? { username: `v-token-${role}-${randomBytes(6).toString('hex')}`, password: randomBytes(15).toString('base64url') }
        : {
            access_key: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
            secret_key: randomBytes(30).toString('base64'),
            security_token: settings.credentialType === 'assumed_role' ? randomBytes(60).toString('base64') : null,
          };
    const renewable = settings.credentialType !== 'assumed_role';
    return VaultReply.data(data, { lease_id: leaseId, lease_duration: settings.ttlSeconds, renewable });
  }

  /** `aws/sts/:role`: STS credentials for an assumed_role role, for `ttl` (capped at the role's), not renewable. */
  sts(role: string, body: Record<string, unknown>, owner: ContractToken): VaultReply {
    const settings = this.credsRoles.get(`aws/${role}`);
    if (!settings) return VaultReply.error(400, `unknown role: ${role}`);
    if (settings.credentialType !== 'assumed_role') {
      return VaultReply.error(400, `role "${role}" has credential_type ${settings.credentialType ?? 'unset'}; STS credentials need assumed_role`);
    }
    const requested = body['ttl'] === undefined ? settings.ttlSeconds : durationSeconds(body['ttl']);
    if (requested === undefined) return VaultReply.error(400, `error parsing ttl: ${String(body['ttl'])}`);
    const leaseId = `aws/sts/${role}/${randomBytes(18).toString('base64url')}`;
    this.leases.set(leaseId, owner.token);
    owner.leases.add(leaseId);
    const data = {
      access_key: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secret_key: randomBytes(30).toString('base64'),
      security_token: randomBytes(60).toString('base64'),
      arn: `arn:aws:sts::123456789012:assumed-role/${role}/vault-${randomBytes(4).toString('hex')}`,
    };
    return VaultReply.data(data, { lease_id: leaseId, lease_duration: Math.min(requested, settings.ttlSeconds), renewable: false });
  }

  revokeLease(body: Record<string, unknown>): VaultReply {
    const leaseId = body['lease_id'];
    if (typeof leaseId !== 'string' || leaseId === '') return VaultReply.error(400, 'lease_id must be specified');
    if (!this.leases.has(leaseId)) return VaultReply.error(400, 'invalid lease');
    this.dropLease(leaseId);
    return VaultReply.noContent();
  }

  /** As Vault: a prefix without a trailing `/` that is a lease id revokes that lease; otherwise every lease under `<prefix>/`. */
  revokePrefix(prefix: string): VaultReply {
    if (!prefix.endsWith('/') && this.leases.has(prefix)) {
      this.dropLease(prefix);
      return VaultReply.noContent();
    }
    const under = prefix.endsWith('/') ? prefix : `${prefix}/`;
    for (const leaseId of [...this.leases.keys()]) if (leaseId.startsWith(under)) this.dropLease(leaseId);
    return VaultReply.noContent();
  }

  private dropLease(leaseId: string): void {
    const owner = this.leases.get(leaseId);
    this.leases.delete(leaseId);
    if (owner !== undefined) this.tokens.get(owner)?.leases.delete(leaseId);
  }

  revokeAccessor(body: Record<string, unknown>): VaultReply {
    const accessor = body['accessor'];
    if (typeof accessor !== 'string' || accessor === '') return VaultReply.error(400, 'missing accessor');
    const entry = [...this.tokens.values()].find((t) => t.accessor === accessor);
    if (!entry) return VaultReply.error(400, 'invalid accessor');
    this.revokeToken(entry);
    return VaultReply.noContent();
  }

  revokeToken(entry: ContractToken): void {
    for (const leaseId of entry.leases) this.leases.delete(leaseId);
    this.tokens.delete(entry.token);
  }

  lookupSelf(entry: ContractToken): VaultReply {
    const ttl = entry.expiresAt ? Math.max(0, Math.round((entry.expiresAt.getTime() - Date.now()) / 1000)) : 0;
    // Vault's lookup-self really does return the token itself as `id`.
    return VaultReply.data({
      id: entry.token,
      accessor: entry.accessor,
      policies: entry.policies,
      ttl,
      creation_ttl: entry.ttlSeconds,
      renewable: entry.renewable,
      expire_time: entry.expiresAt?.toISOString() ?? null,
      type: 'service',
    });
  }

  renewSelf(entry: ContractToken): VaultReply {
    if (!entry.renewable) return VaultReply.error(400, 'lease is not renewable');
    entry.expiresAt = new Date(Date.now() + entry.ttlSeconds * 1000);
    const auth = { client_token: entry.token, accessor: entry.accessor, policies: entry.policies, lease_duration: entry.ttlSeconds, renewable: true };
    return VaultReply.data(null, { auth });
  }

  /** Replaces a successful reply by a single-use wrapping token for it. */
  wrap(reply: VaultReply, ttlSeconds: number, creationPath: string): VaultReply {
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    const accessor = randomBytes(12).toString('base64url');
    const creationTime = new Date();
    this.wrapped.set(token, { reply, accessor, expiresAt: new Date(creationTime.getTime() + ttlSeconds * 1000) });
    const wrapInfo = { token, accessor, ttl: ttlSeconds, creation_time: creationTime.toISOString(), creation_path: creationPath, wrapped_accessor: '' };
    return VaultReply.data(null, { wrap_info: wrapInfo });
  }

  unwrap(token: string | undefined): VaultReply {
    const entry = token === undefined ? undefined : this.wrapped.get(token);
    if (token !== undefined) this.wrapped.delete(token);
    if (!entry || entry.expiresAt.getTime() <= Date.now()) return VaultReply.error(400, 'wrapping token is not valid or does not exist');
    return entry.reply;
  }

  isWrappingToken(token: string | undefined): boolean {
    return token !== undefined && this.wrapped.has(token);
  }
}

/** Vault durations as the broker sends them: seconds, or a number with s, m or h. */
function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = typeof value === 'string' ? /^(\d+)(s|m|h)?$/.exec(value) : null;
  if (!match) return undefined;
  const seconds = Number(match[1]) * ({ s: 1, m: 60, h: 3600 } as const)[(match[2] ?? 's') as 's' | 'm' | 'h'];
  return seconds > 0 ? seconds : undefined;
}
