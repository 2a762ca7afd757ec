/**
 * A real HTTP server speaking the subset of Vault's API the broker uses, shaped as
 * the reference describes (paths under /v1/, X-Vault-Token, the generic and error
 * envelopes, PUT ≡ POST). Vault cannot be installed here, so this is how the vault
 * backend is tested; the same behaviour suite also runs against a live Vault.
 * It does not verify JWT signatures: a login needs a known role and a well-formed JWT.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractState, VaultReply, type ContractToken } from './vault-contract-state';
import { ContractTransit } from './vault-contract-transit';
import { ContractKv } from './vault-contract-kv';

export interface RecordedVaultRequest {
  method: string;
  /** Path without the query, e.g. `/v1/database/creds/ci-readonly`. */
  path: string;
  /** Lower-cased, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

type Fields = Record<string, unknown>;
interface Call {
  match: RegExpExecArray;
  body: Fields;
  token: ContractToken;
}
interface Route {
  verb: 'GET' | 'POST';
  pattern: RegExp;
  /** Build tokens (from a login) may only use routes that allow them. */
  build?: boolean;
  /** Sudo-protected in Vault: tokens without sudo get 403. */
  sudo?: boolean;
  handle: (call: Call) => VaultReply;
}

export class VaultContractServer {
  readonly requests: RecordedVaultRequest[] = [];
  readonly rootToken: string;
  private readonly state = new ContractState();
  private readonly transit = new ContractTransit();
  private readonly kv = new ContractKv();
  private sealed = false;
  private rateLimit = { remaining: 0, retryAfterSeconds: 1 };
  private readonly routes: Route[];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.rootToken = this.state.mintToken('admin', 0, ['root'], true).token;
    const s = this.state;
    const t = this.transit;
    this.routes = [
      { verb: 'GET', pattern: /^auth\/token\/lookup-self$/, build: true, handle: (c) => s.lookupSelf(c.token) },
      { verb: 'POST', pattern: /^auth\/token\/renew-self$/, build: true, handle: (c) => s.renewSelf(c.token) },
      { verb: 'POST', pattern: /^auth\/token\/revoke-self$/, build: true, handle: (c) => (s.revokeToken(c.token), VaultReply.noContent()) },
      { verb: 'POST', pattern: /^auth\/token\/revoke-accessor$/, handle: (c) => s.revokeAccessor(c.body) },
      { verb: 'GET', pattern: /^(database|aws)\/creds\/([^/]+)$/, build: true, handle: (c) => s.creds(c.match[1]!, c.match[2]!, c.token) },
      { verb: 'POST', pattern: /^aws\/sts\/([^/]+)$/, build: true, handle: (c) => s.sts(c.match[1]!, c.body, c.token) },
      { verb: 'POST', pattern: /^sys\/leases\/revoke$/, handle: (c) => s.revokeLease(c.body) },
      { verb: 'POST', pattern: /^sys\/leases\/revoke-prefix\/(.+)$/, sudo: true, handle: (c) => s.revokePrefix(c.match[1]!) },
      { verb: 'POST', pattern: /^sys\/wrapping\/wrap$/, handle: (c) => VaultReply.data(c.body) },
      { verb: 'POST', pattern: /^transit\/keys\/([^/]+)$/, handle: (c) => t.create(c.match[1]!, c.body) },
      { verb: 'GET', pattern: /^transit\/keys\/([^/]+)$/, handle: (c) => t.read(c.match[1]!) },
      { verb: 'POST', pattern: /^transit\/keys\/([^/]+)\/rotate$/, handle: (c) => t.rotate(c.match[1]!) },
      { verb: 'POST', pattern: /^transit\/sign\/([^/]+)(?:\/([^/]+))?$/, handle: (c) => t.sign(c.match[1]!, c.match[2], c.body) },
      { verb: 'GET', pattern: /^(secret|kv)\/data\/(.+)$/, build: true, handle: (c) => this.kv.read(c.match[1]!, c.match[2]!, c.token) },
      { verb: 'POST', pattern: /^transit\/verify\/([^/]+)(?:\/([^/]+))?$/, handle: (c) => t.verify(c.match[1]!, c.match[2], c.body) },
    ];
  }

  static async start(): Promise<VaultContractServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const contract = new VaultContractServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void contract.serve(req, res));
    return contract;
  }

  /** A broker-style token with a TTL (0: none): full access here, sudo-protected paths only with `sudo`. */
  createToken(ttlSeconds: number, options: { sudo?: boolean } = {}): { token: string; accessor: string } {
    const { token, accessor } = this.state.mintToken('admin', ttlSeconds, ['tollgate-broker'], options.sudo ?? false);
    return { token, accessor };
  }

  addAuthRole(role: string, options: { mount?: string; ttlSeconds?: number } = {}): void {
    this.state.addAuthRole(options.mount ?? 'jwt', role, options.ttlSeconds ?? 900);
  }

  addDatabaseRole(role: string, ttlSeconds = 3600): void {
    this.state.addCredsRole('database', role, { ttlSeconds });
  }

  addAwsRole(role: string, credentialType: 'iam_user' | 'assumed_role' = 'iam_user', ttlSeconds = 900): void {
    this.state.addCredsRole('aws', role, { ttlSeconds, credentialType });
  }

  /** Writes a new version of a KV v2 secret (mounts `secret` or `kv`); returns its version. */
  putKv(path: string, data: Record<string, string>, mount: 'secret' | 'kv' = 'secret'): number {
    return this.kv.put(mount, path, data);
  }

  /** Soft-deletes the latest version, as `vault kv delete` does. */
  deleteKv(path: string, mount: 'secret' | 'kv' = 'secret'): void {
    this.kv.deleteLatest(mount, path);
  }

  /** Lets tokens from logins as `authRole` read the secret (a Vault policy with `read` on its data path). */
  grantKvRead(authRole: string, path: string, mount: 'secret' | 'kv' = 'secret'): void {
    this.kv.grant(authRole, mount, path);
  }

  isLeaseActive(leaseId: string): boolean {
    return this.state.isLeaseActive(leaseId);
  }

  isTokenActive(token: string): boolean {
    return this.state.authenticate(token) !== undefined;
  }

  /** Every endpoint answers 503 until unseal(); sys/health reports sealed:true. */
  seal(): void {
    this.sealed = true;
  }

  unseal(): void {
    this.sealed = false;
  }

  /** The next `count` requests (health excepted) get 429 with Retry-After. */
  rateLimitNext(count: number, retryAfterSeconds: number): void {
    this.rateLimit = { remaining: count, retryAfterSeconds };
  }

  /** Logins as `role` fail as Vault's JWT auth does: 400 for unmatched bound claims, or 403. */
  denyLogin(role: string, status: 400 | 403 = 400): void {
    this.state.deniedLogins.set(role, status);
  }

  requestsTo(path: string): RecordedVaultRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const text = await readText(req);
    let body: unknown;
    let reply: VaultReply;
    try {
      body = text === '' ? undefined : JSON.parse(text);
      this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      reply = this.respond(req.method ?? '', path, req.headers, isFields(body) ? body : {});
    } catch {
      this.requests.push({ method: req.method ?? '', path, headers: req.headers, body: text });
      reply = VaultReply.error(400, 'failed to parse JSON input');
    }
    res.writeHead(reply.status, { ...(reply.body ? { 'Content-Type': 'application/json' } : {}), ...reply.headers });
    res.end(reply.body ? JSON.stringify(reply.body) : undefined);
  }

  private respond(method: string, path: string, headers: IncomingHttpHeaders, body: Fields): VaultReply {
    if (!path.startsWith('/v1/')) return VaultReply.error(404);
    const route = path.slice('/v1/'.length);
    const verb = method === 'PUT' ? 'POST' : method;
    if (route === 'sys/health') return this.health();
    if (this.sealed) return VaultReply.error(503, 'Vault is sealed');
    if (this.rateLimit.remaining > 0) {
      this.rateLimit.remaining--;
      const reply = VaultReply.error(429, `request path "${route}": rate limit quota exceeded`);
      return reply.withHeaders({ 'Retry-After': String(this.rateLimit.retryAfterSeconds) });
    }
    const token = tokenOf(headers);
    const login = /^auth\/(.+)\/login$/.exec(route);
    if (login && verb === 'POST') return this.state.login(login[1]!, body);
    if (route === 'sys/wrapping/unwrap' && verb === 'POST') {
      // The wrapping token itself may authenticate the unwrap; a normal token unwraps body.token.
      if (typeof body['token'] === 'string' && this.state.authenticate(token)) return this.state.unwrap(body['token']);
      return this.state.unwrap(token);
    }
    const caller = this.state.authenticate(token);
    if (!caller) return VaultReply.error(403, 'permission denied');
    const onPath = this.routes.filter((candidate) => candidate.pattern.test(route));
    const chosen = onPath.find((candidate) => candidate.verb === verb);
    if (!chosen) {
      return onPath.length > 0 ? VaultReply.error(405, 'unsupported operation') : VaultReply.error(404, `no handler for route "${route}". route entry not found.`);
    }
    if ((caller.kind === 'build' && !chosen.build) || (chosen.sudo && !caller.sudo)) return VaultReply.error(403, 'permission denied');
    const match = chosen.pattern.exec(route)!;
    return this.wrapIfAsked(chosen.handle({ match, body, token: caller }), headers, route);
  }

  private wrapIfAsked(reply: VaultReply, headers: IncomingHttpHeaders, route: string): VaultReply {
    const ttlHeader = headers['x-vault-wrap-ttl'];
    if (typeof ttlHeader !== 'string') {
      return route === 'sys/wrapping/wrap' ? VaultReply.error(400, 'wrapping TTL is required (X-Vault-Wrap-TTL)') : reply;
    }
    const ttl = /^(\d+)(s|m|h)?$/.exec(ttlHeader);
    if (!ttl) return VaultReply.error(400, `error parsing wrap TTL: ${ttlHeader}`);
    if (reply.status !== 200) return reply;
    const seconds = Number(ttl[1]) * ({ s: 1, m: 60, h: 3600 } as const)[(ttl[2] ?? 's') as 's' | 'm' | 'h'];
    return this.state.wrap(reply, seconds, route);
  }

  private health(): VaultReply {
    const status = {
      initialized: true,
      sealed: this.sealed,
      standby: false,
      performance_standby: false,
      replication_performance_mode: 'disabled',
      replication_dr_mode: 'disabled',
      server_time_utc: Math.floor(Date.now() / 1000),
      version: '1.17.0+contract',
      cluster_name: 'vault-contract',
      cluster_id: randomBytes(8).toString('hex'),
    };
    return this.sealed ? VaultReply.raw(503, status) : VaultReply.raw(200, status);
  }
}

export function startVaultContractServer(): Promise<VaultContractServer> {
  return VaultContractServer.start();
}

/** A structurally valid workload JWT (random signature): the contract server checks shape, not signature. */
export function contractWorkloadJwt(subject: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'ES256', typ: 'JWT' })}.${part({ sub: subject, iat: now, exp: now + 600 })}.${randomBytes(64).toString('base64url')}`;
}

function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-vault-token'];
  if (typeof header === 'string' && header !== '') return header;
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '');
  return bearer?.[1];
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
