import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { contractWorkloadJwt, startVaultContractServer, type VaultContractServer } from '../../testing/vault-contract-server';
import type { BackendError, BackendErrorKind } from '../secrets-backend';
import { VaultBackend, type VaultBackendOptions } from './vault-backend';
import { describeVaultBackendContract, failureOf } from './vault-backend.contract';

const AUTH_ROLE = 'ci-build';
const DATABASE_ROLE = 'ci-readonly';
const KV_DATA = { username: 'x-access-token', password: randomBytes(12).toString('hex') };

async function startServer(): Promise<VaultContractServer> {
  const server = await startVaultContractServer();
  server.addAuthRole(AUTH_ROLE);
  server.addDatabaseRole(DATABASE_ROLE);
  server.addAwsRole('ci-deploy', 'iam_user');
  server.addAwsRole('ci-assume', 'assumed_role');
  server.putKv('git/pumps-firmware', KV_DATA);
  server.grantKvRead(AUTH_ROLE, 'git/pumps-firmware');
  server.putKv('git/infusion-cloud', { username: 'x-access-token', password: randomBytes(12).toString('hex') });
  return server;
}

function backendFor(server: VaultContractServer, options: Partial<VaultBackendOptions> = {}): VaultBackend {
  return new VaultBackend({ endpoint: server.url, token: server.rootToken, retryBaseDelayMs: 10, requestTimeoutMs: 2_000, ...options });
}

const loginRequest = { jwt: contractWorkloadJwt('repo:tollgate/app:ref:main'), authRole: AUTH_ROLE, authMount: 'jwt', pipelineRunId: 'run-7', ttlSeconds: 600 };
const dbLease = { engine: 'database', backendRole: DATABASE_ROLE, ttlSeconds: 600, pipelineRunId: 'run-7' } as const;

describeVaultBackendContract(
  'contract server',
  async () => {
    const server = await startServer();
    return {
      backend: backendFor(server),
      jwt: loginRequest.jwt,
      authRole: AUTH_ROLE,
      authMount: 'jwt',
      databaseRole: DATABASE_ROLE,
      awsRole: 'ci-deploy',
      awsStsRole: 'ci-assume',
      kv: { path: 'git/pumps-firmware', data: KV_DATA, forbiddenPath: 'git/infusion-cloud' },
      keyName: (label) => `tollgate-${label}-${randomBytes(4).toString('hex')}`,
      close: () => server.close(),
    };
  },
  { aws: true, sts: true, revokePrefix: true, kv: true },
);

describe(`${VaultBackend.name} against the contract server`, () => {
  let server: VaultContractServer;
  let backend: VaultBackend;

  beforeEach(async () => {
    server = await startServer();
    backend = backendFor(server);
  });

  afterEach(async () => {
    backend.stop();
    await server.close();
  });

  describe('#login', () => {
    it('posts role and jwt to auth/<mount>/login without sending the broker token', async () => {
      const session = await backend.login(loginRequest);
      const [request] = server.requestsTo('/v1/auth/jwt/login');
      expect(request).toMatchObject({ method: 'POST', body: { role: AUTH_ROLE, jwt: loginRequest.jwt } });
      expect(request?.headers['x-vault-token']).toBeUndefined();
      expect(session.token).toMatch(/^hvs\./);
      expect(server.isTokenActive(session.token)).toBe(true);
    });

    it.each([400, 403] as const)('maps a refused login (HTTP %i) to permission-denied with Vault’s reason, without retrying', async (status) => {
      server.denyLogin(AUTH_ROLE, status);
      const error = await failureOf(backend.login(loginRequest));
      expect(error.kind).toBe<BackendErrorKind>('permission-denied');
      expect(error.message).toContain(status === 400 ? 'bound claim' : 'permission denied');
      expect(server.requestsTo('/v1/auth/jwt/login')).toHaveLength(1);
    });
  });

  describe('#lease', () => {
    it('reads database creds with the build token, not the broker token', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, dbLease);
      const [request] = server.requestsTo(`/v1/database/creds/${DATABASE_ROLE}`);
      expect(request?.method).toBe('GET');
      expect(request?.headers['x-vault-token']).toBe(session.token);
      expect(request?.headers['x-vault-token']).not.toBe(server.rootToken);
      expect(secret).toMatchObject({ engine: 'database', ttlSeconds: 3600, renewable: true, revocable: true });
      expect(server.isLeaseActive(secret.leaseId)).toBe(true);
    });

    it('drops the null security_token of iam_user AWS creds and keeps an STS one', async () => {
      const session = await backend.login(loginRequest);
      const iamUser = await backend.lease(session, { ...dbLease, engine: 'aws', backendRole: 'ci-deploy' });
      const assumed = await backend.lease(session, { ...dbLease, engine: 'aws', backendRole: 'ci-assume' });
      expect(Object.keys(iamUser.data).sort()).toEqual(['access_key', 'secret_key']);
      expect(Object.keys(assumed.data).sort()).toEqual(['access_key', 'secret_key', 'security_token']);
      // Credentials with a security token are STS credentials: AWS keeps them valid until they expire.
      expect([iamUser.revocable, assumed.revocable]).toEqual([true, false]);
      expect(server.requestsTo('/v1/aws/creds/ci-deploy')[0]?.headers['x-vault-token']).toBe(session.token);
    });

    it('refuses role names that would change the request path', async () => {
      const session = await backend.login(loginRequest);
      const error = await failureOf(backend.lease(session, { ...dbLease, backendRole: '../../sys/seal' }));
      expect(error.kind).toBe<BackendErrorKind>('invalid-request');
      expect(server.requests.filter((r) => r.path.includes('sys/seal'))).toHaveLength(0);
    });
  });

  describe('#lease of a kv secret', () => {
    const kvLease = { engine: 'kv', backendRole: 'git/pumps-firmware', ttlSeconds: 120, pipelineRunId: 'run-7' } as const;

    it('reads the latest version from secret/data/<path> with the build token', async () => {
      server.putKv('git/pumps-firmware', { ...KV_DATA, password: 'rotated-value-2' });
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, kvLease);
      const [request] = server.requestsTo('/v1/secret/data/git/pumps-firmware');
      expect(request?.headers['x-vault-token']).toBe(session.token);
      expect(secret.data).toEqual({ ...KV_DATA, password: 'rotated-value-2' });
      expect(secret.leaseId).toMatch(/^kv-read\/secret\/git\/pumps-firmware\/v2\//);
      expect(secret.path).toBe('secret/data/git/pumps-firmware');
    });

    it('reads from the configured mount', async () => {
      server.putKv('git/pumps-firmware', KV_DATA, 'kv');
      server.grantKvRead(AUTH_ROLE, 'git/pumps-firmware', 'kv');
      const mounted = backendFor(server, { kvMount: 'kv' });
      const secret = await mounted.lease(await mounted.login(loginRequest), kvLease);
      expect(secret.path).toBe('kv/data/git/pumps-firmware');
      mounted.stop();
    });

    it('is not-found when nothing is stored, or the latest version was deleted', async () => {
      const session = await backend.login(loginRequest);
      server.grantKvRead(AUTH_ROLE, 'git/never-written');
      expect((await failureOf(backend.lease(session, { ...kvLease, backendRole: 'git/never-written' }))).kind).toBe<BackendErrorKind>('not-found');
      server.deleteKv('git/pumps-firmware');
      const deleted = await failureOf(backend.lease(session, kvLease));
      expect(deleted.kind).toBe<BackendErrorKind>('not-found');
      expect(deleted.message).not.toContain(KV_DATA.password);
    });

    it('refuses paths that would leave the mount', async () => {
      const session = await backend.login(loginRequest);
      const error = await failureOf(backend.lease(session, { ...kvLease, backendRole: 'git/../../sys/seal' }));
      expect(error.kind).toBe<BackendErrorKind>('invalid-request');
      expect(server.requests.filter((r) => r.path.includes('sys/seal'))).toHaveLength(0);
    });
  });

  describe('#lease with awsMethod sts', () => {
    const stsLease = { engine: 'aws', backendRole: 'ci-assume', ttlSeconds: 600, pipelineRunId: 'run-7', awsMethod: 'sts' } as const;

    it('posts the ttl to aws/sts/<role> with the build token and returns non-revocable credentials with a security token', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, stsLease);
      const requests = server.requestsTo('/v1/aws/sts/ci-assume');
      expect(requests.map((r) => [r.method, r.body])).toEqual([['POST', { ttl: '600s' }]]);
      expect(requests[0]?.headers['x-vault-token']).toBe(session.token);
      expect(server.requestsTo('/v1/aws/creds/ci-assume')).toHaveLength(0);
      expect(secret).toMatchObject({ engine: 'aws', path: 'aws/sts/ci-assume', ttlSeconds: 600, renewable: false, revocable: false });
      expect(secret.leaseId.startsWith('aws/sts/ci-assume/')).toBe(true);
      expect(Object.keys(secret.data).sort()).toEqual(['access_key', 'arn', 'secret_key', 'security_token']);
      expect(secret.data['security_token']).toEqual(expect.any(String));
    });

    it('revokes an STS lease as a no-op success: nothing is sent to Vault', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, stsLease);
      const before = server.requests.length;
      await expect(backend.revokeLease(secret.leaseId)).resolves.toBeUndefined();
      expect(server.requests.slice(before)).toEqual([]);
    });

    it('refuses sts for the database engine and ttls Vault cannot take, without a request', async () => {
      const session = await backend.login(loginRequest);
      const before = server.requests.length;
      const errors = [
        await failureOf(backend.lease(session, { ...stsLease, engine: 'database', backendRole: DATABASE_ROLE })),
        await failureOf(backend.lease(session, { ...stsLease, ttlSeconds: 1.5 })),
        await failureOf(backend.lease(session, { ...stsLease, ttlSeconds: 0 })),
        await failureOf(backend.lease(session, { ...stsLease, awsMethod: 'federation' as 'sts' })),
      ];
      expect(errors.map((e) => e.kind)).toEqual(Array<BackendErrorKind>(4).fill('invalid-request'));
      expect(server.requests.slice(before)).toEqual([]);
    });

    it('reports Vault refusing STS for an iam_user role as invalid-request, without retrying', async () => {
      const session = await backend.login(loginRequest);
      const error = await failureOf(backend.lease(session, { ...stsLease, backendRole: 'ci-deploy' }));
      expect(error.kind).toBe<BackendErrorKind>('invalid-request');
      expect(server.requestsTo('/v1/aws/sts/ci-deploy')).toHaveLength(1);
    });
  });

  describe('#revokePrefix', () => {
    it('sends PUT sys/leases/revoke-prefix/<prefix> with the broker token and revokes exactly the leases under it', async () => {
      server.addDatabaseRole(`${DATABASE_ROLE}-v2`);
      const session = await backend.login(loginRequest);
      const first = await backend.lease(session, dbLease);
      const second = await backend.lease(session, dbLease);
      const sibling = await backend.lease(session, { ...dbLease, backendRole: `${DATABASE_ROLE}-v2` });
      const aws = await backend.lease(session, { ...dbLease, engine: 'aws', backendRole: 'ci-deploy' });
      await backend.revokePrefix(`database/creds/${DATABASE_ROLE}`);
      const requests = server.requests.filter((r) => r.path.includes('revoke-prefix'));
      expect(requests.map((r) => [r.method, r.path])).toEqual([['PUT', `/v1/sys/leases/revoke-prefix/database/creds/${DATABASE_ROLE}`]]);
      expect(requests[0]?.headers['x-vault-token']).toBe(server.rootToken);
      expect([first, second, sibling, aws].map((l) => server.isLeaseActive(l.leaseId))).toEqual([false, false, true, true]);
      expect(server.isTokenActive(session.token)).toBe(true);
    });

    it.each(['', '/database/creds/x', 'database/../sys/seal', 'database//creds', 'database/./creds', 'database/creds/a b', 'database/creds/%2e%2e', 'database/creds?x=1', 'database/creds..x'])(
      'refuses the prefix %j without any request',
      async (prefix) => {
        const error = await failureOf(backend.revokePrefix(prefix));
        expect(error.kind).toBe<BackendErrorKind>('invalid-request');
        expect(server.requests).toHaveLength(0);
      },
    );

    it('maps a token without sudo to permission-denied, naming sudo, and revokes nothing', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, dbLease);
      const withoutSudo = backendFor(server, { token: server.createToken(0).token });
      const error = await failureOf(withoutSudo.revokePrefix('database/creds'));
      expect(error.kind).toBe<BackendErrorKind>('permission-denied');
      expect(error.message).toContain('sudo');
      expect(server.requestsTo('/v1/sys/leases/revoke-prefix/database/creds')).toHaveLength(1);
      expect(server.isLeaseActive(secret.leaseId)).toBe(true);
      const withSudo = backendFor(server, { token: server.createToken(0, { sudo: true }).token });
      await withSudo.revokePrefix('database/creds/');
      expect(server.isLeaseActive(secret.leaseId)).toBe(false);
    });
  });

  describe('#revokeSession', () => {
    it('revokes by accessor with the broker token, which ends the token and every lease under it', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, dbLease);
      await backend.revokeSession(session.accessor);
      const [request] = server.requestsTo('/v1/auth/token/revoke-accessor');
      expect(request).toMatchObject({ method: 'POST', body: { accessor: session.accessor } });
      expect(request?.headers['x-vault-token']).toBe(server.rootToken);
      expect(server.isTokenActive(session.token)).toBe(false);
      expect(server.isLeaseActive(secret.leaseId)).toBe(false);
    });

    it('treats an unknown accessor (Vault: 400 invalid accessor) as already revoked', async () => {
      await expect(backend.revokeSession('no-such-accessor')).resolves.toBeUndefined();
      expect(server.requestsTo('/v1/auth/token/revoke-accessor')).toHaveLength(1);
    });
  });

  describe('#revokeLease', () => {
    it('sends PUT sys/leases/revoke with sync, and an already revoked lease counts as revoked', async () => {
      const session = await backend.login(loginRequest);
      const secret = await backend.lease(session, dbLease);
      await backend.revokeLease(secret.leaseId);
      await backend.revokeLease(secret.leaseId);
      const requests = server.requestsTo('/v1/sys/leases/revoke');
      expect(requests.map((r) => [r.method, r.body])).toEqual([
        ['PUT', { lease_id: secret.leaseId, sync: true }],
        ['PUT', { lease_id: secret.leaseId, sync: true }],
      ]);
      expect(requests[0]?.headers['x-vault-token']).toBe(server.rootToken);
      expect(server.isLeaseActive(secret.leaseId)).toBe(false);
    });
  });

  describe('#wrap / #unwrap', () => {
    it('wraps with X-Vault-Wrap-TTL and unwraps with the wrapping token as X-Vault-Token and no body', async () => {
      const wrapped = await backend.wrap({ password: 'pw-1' }, 60);
      const [wrapRequest] = server.requestsTo('/v1/sys/wrapping/wrap');
      expect(wrapRequest).toMatchObject({ method: 'POST', body: { password: 'pw-1' } });
      expect(wrapRequest?.headers['x-vault-wrap-ttl']).toBe('60s');
      await backend.unwrap(wrapped.token);
      const [unwrapRequest] = server.requestsTo('/v1/sys/wrapping/unwrap');
      expect(unwrapRequest?.headers['x-vault-token']).toBe(wrapped.token);
      expect(unwrapRequest?.body).toBeUndefined();
    });
  });

  describe('#sign', () => {
    it('posts base64 input with asn1 marshaling to transit/sign/<key>/<hash>', async () => {
      await backend.createKey('release-key', 'ecdsa-p256');
      await backend.sign({ key: 'release-key', input: Buffer.from('payload'), keyVersion: 1, hashAlgorithm: 'sha2-384' });
      expect(server.requestsTo('/v1/transit/keys/release-key')[0]).toMatchObject({ method: 'POST', body: { type: 'ecdsa-p256' } });
      expect(server.requestsTo('/v1/transit/sign/release-key/sha2-384')[0]).toMatchObject({
        method: 'POST',
        body: { input: Buffer.from('payload').toString('base64'), key_version: 1, marshaling_algorithm: 'asn1' },
      });
    });
  });

  describe('failures', () => {
    it('reports a sealed Vault as unavailable from health and from calls, after maxAttempts tries', async () => {
      server.seal();
      const health = await failureOf(backend.health());
      expect(health).toMatchObject({ kind: 'unavailable', message: 'Vault is sealed' });
      expect(server.requestsTo('/v1/sys/health')[0]?.headers['x-vault-token']).toBeUndefined();
      const read = await failureOf(backend.readKey('any-key'));
      expect(read.kind).toBe<BackendErrorKind>('unavailable');
      expect(read.message).toMatch(/sealed/);
      expect(server.requestsTo('/v1/transit/keys/any-key')).toHaveLength(3);
    });

    it('waits out a 429 Retry-After and succeeds with exactly 2 requests', async () => {
      await backend.createKey('rate-key', 'ed25519');
      server.rateLimitNext(1, 1);
      const started = Date.now();
      await expect(backend.readKey('rate-key')).resolves.toMatchObject({ latestVersion: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(server.requestsTo('/v1/transit/keys/rate-key').filter((r) => r.method === 'GET')).toHaveLength(2);
    });

    it('gives up at once with rate-limited and retryAfterMs when Retry-After exceeds the bound', async () => {
      server.rateLimitNext(5, 30);
      const error = await failureOf(backend.readKey('rate-key'));
      expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
      expect(server.requestsTo('/v1/transit/keys/rate-key')).toHaveLength(1);
    });

    it('maps 403 to permission-denied with Vault’s text and does not retry', async () => {
      const stranger = backendFor(server, { token: `hvs.${randomBytes(18).toString('base64url')}` });
      const error = await failureOf(stranger.readKey('any-key'));
      expect(error.kind).toBe<BackendErrorKind>('permission-denied');
      expect(error.message).toContain('permission denied');
      expect(server.requestsTo('/v1/transit/keys/any-key')).toHaveLength(1);
    });

    it('reports an unreachable Vault as unavailable, naming the endpoint', async () => {
      await server.close();
      const error = await failureOf(backend.health());
      expect(error.kind).toBe<BackendErrorKind>('unavailable');
      expect(error.message).toContain(server.url);
    });

    it('reports a Vault that accepts connections but never answers as unavailable after the request timeout', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const slow = new VaultBackend({ endpoint, token: server.rootToken, requestTimeoutMs: 200, maxAttempts: 1 });
      const error = await failureOf(slow.health());
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      expect(error.kind).toBe<BackendErrorKind>('unavailable');
      expect(error.message).toBe(`Vault at ${endpoint} did not answer health check within 200 ms`);
    });

    it('never lets the broker or build token into an error message, cause, stack or inspection', async () => {
      const session = await backend.login(loginRequest);
      await backend.revokeSession(session.accessor);
      const errors: BackendError[] = [];
      errors.push(await failureOf(backend.lease(session, dbLease)));
      errors.push(await failureOf(backend.readKey('missing-key')));
      errors.push(await failureOf(backend.sign({ key: 'missing-key', input: Buffer.from('x') })));
      server.rateLimitNext(1, 60);
      errors.push(await failureOf(backend.readKey('missing-key')));
      server.seal();
      errors.push(await failureOf(backend.readKey('missing-key')));
      await server.close();
      errors.push(await failureOf(backend.readKey('missing-key')));
      expect(errors.map((e) => e.kind)).toEqual(['permission-denied', 'not-found', 'invalid-request', 'rate-limited', 'unavailable', 'unavailable']);
      for (const error of errors) {
        const rendered = [JSON.stringify(error), inspect(error, { showHidden: true, depth: null }), error.stack ?? '', String(error.cause)].join('\n');
        expect(rendered).not.toContain(server.rootToken);
        expect(rendered).not.toContain(session.token);
        expect(error.cause).toBeUndefined();
      }
    });
  });

  describe('#startTokenRenewal', () => {
    it('looks the token up, renews it with renew-self at about 2/3 of its TTL, and stops on stop()', async () => {
      const broker = server.createToken(3);
      const renewing = backendFor(server, { token: broker.token });
      await renewing.startTokenRenewal();
      expect(server.requestsTo('/v1/auth/token/lookup-self')[0]?.headers['x-vault-token']).toBe(broker.token);
      await eventually(() => server.requestsTo('/v1/auth/token/renew-self').length === 1, 4_000);
      const [renewal] = server.requestsTo('/v1/auth/token/renew-self');
      expect(renewal).toMatchObject({ method: 'POST' });
      expect(renewal?.headers['x-vault-token']).toBe(broker.token);
      renewing.stop();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(server.requestsTo('/v1/auth/token/renew-self')).toHaveLength(1);
    });

    it('reports a failed renewal through onRenewalError instead of throwing', async () => {
      const broker = server.createToken(3);
      const reported: BackendError[] = [];
      const renewing = backendFor(server, { token: broker.token, onRenewalError: (e) => reported.push(e) });
      await renewing.startTokenRenewal();
      server.seal();
      await eventually(() => reported.length > 0, 4_000);
      renewing.stop();
      expect(reported[0]?.kind).toBe<BackendErrorKind>('unavailable');
      expect(reported[0]?.message).not.toContain(broker.token);
    });
  });
});

async function eventually(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
