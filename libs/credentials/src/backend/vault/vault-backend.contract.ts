/**
 * What the vault backend promises, checked only through its public methods so the
 * same suite runs against the contract server (vault-backend.int-spec.ts) and a
 * live Vault (vault-backend.live-check.ts).
 */
import { randomBytes, verify as verifyWithNode } from 'node:crypto';
import { BackendError, type BackendErrorKind, type BackendSession, type TransitKeyType } from '../secrets-backend';
import type { VaultBackend } from './vault-backend';

export interface VaultContractSetup {
  backend: VaultBackend;
  /** A workload JWT the auth role accepts. */
  jwt: string;
  authRole: string;
  authMount: string;
  databaseRole: string;
  /** Required when the suite was declared with `{ aws: true }`. */
  awsRole?: string;
  /** Required when the suite was declared with `{ sts: true }`: an aws role of credential_type assumed_role. */
  awsStsRole?: string;
  /** Required when the suite was declared with `{ kv: true }`: a KV v2 secret the auth role may read, and one it may not. */
  kv?: { path: string; data: Record<string, string>; forbiddenPath: string };
  /** A transit key name not used before (the suite creates the key). */
  keyName: (label: string) => string;
  close?: () => Promise<void>;
}

export interface VaultContractOptions {
  /** Run the AWS dynamic-credential checks (needs an aws secrets engine role). */
  aws: boolean;
  /** Run the AWS STS checks (`aws/sts/<awsStsRole>`). */
  sts?: boolean;
  /**
   * Run revokePrefix against Vault (the backend's token needs sudo on
   * `sys/leases/revoke-prefix/database/creds/<databaseRole>/*`). It only ever names
   * a lease of its own, so other leases of the role are untouched.
   */
  revokePrefix?: boolean;
  /** Run the KV v2 checks (`<kvMount>/data/<path>` read with the build's token). */
  kv?: boolean;
}

export function describeVaultBackendContract(
  name: string,
  setup: () => Promise<VaultContractSetup>,
  options: VaultContractOptions = { aws: false },
): void {
  describe(`VaultBackend contract: ${name}`, () => {
    let env: VaultContractSetup;
    const input = new TextEncoder().encode('DSSEv1 28 application/vnd.in-toto+json 2 {}');

    const login = (): Promise<BackendSession> =>
      env.backend.login({ jwt: env.jwt, authRole: env.authRole, authMount: env.authMount, pipelineRunId: 'run-1', ttlSeconds: 600 });

    beforeAll(async () => {
      env = await setup();
    });

    afterAll(async () => {
      env.backend.stop();
      await env.close?.();
    });

    describe('#health', () => {
      it('resolves when Vault is unsealed and active', async () => {
        await expect(env.backend.health()).resolves.toBeUndefined();
      });
    });

    describe('#login', () => {
      it('returns a build session with a token, an accessor and a future expiry', async () => {
        const session = await login();
        expect(session.token).toMatch(/^hv[sb]\.|^s\./);
        expect(session.accessor.length).toBeGreaterThan(0);
        expect(session.accessor).not.toBe(session.token);
        expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
        await env.backend.revokeSession(session.accessor);
      });

      it('is refused with permission-denied for a role that does not exist', async () => {
        const error = await failureOf(
          env.backend.login({ jwt: env.jwt, authRole: `no-such-role-${randomBytes(4).toString('hex')}`, authMount: env.authMount, pipelineRunId: 'run-1', ttlSeconds: 600 }),
        );
        expect(error.kind).toBe<BackendErrorKind>('permission-denied');
      });
    });

    describe('#lease', () => {
      it('issues database credentials under a lease named after the role', async () => {
        const session = await login();
        const secret = await env.backend.lease(session, { engine: 'database', backendRole: env.databaseRole, ttlSeconds: 600, pipelineRunId: 'run-1' });
        expect(secret.path).toBe(`database/creds/${env.databaseRole}`);
        expect(secret.leaseId.startsWith(`database/creds/${env.databaseRole}/`)).toBe(true);
        expect(Object.keys(secret.data).sort()).toEqual(['password', 'username']);
        expect(secret.ttlSeconds).toBeGreaterThan(0);
        expect(Math.abs(secret.expiresAt.getTime() - (Date.now() + secret.ttlSeconds * 1000))).toBeLessThan(5_000);
        await env.backend.revokeSession(session.accessor);
      });

      if (options.aws) {
        it('issues AWS credentials with string values only', async () => {
          const session = await login();
          const secret = await env.backend.lease(session, { engine: 'aws', backendRole: env.awsRole ?? '', ttlSeconds: 600, pipelineRunId: 'run-1' });
          expect(secret.leaseId.startsWith(`aws/creds/${env.awsRole ?? ''}/`)).toBe(true);
          expect(secret.data['access_key']).toEqual(expect.any(String));
          expect(secret.data['secret_key']).toEqual(expect.any(String));
          expect(Object.values(secret.data).every((v) => typeof v === 'string')).toBe(true);
          await env.backend.revokeSession(session.accessor);
        });
      }

      if (options.kv) {
        it('reads the latest version of a KV secret with the build token, as a lease that ends at expiry', async () => {
          const session = await login();
          const kv = env.kv!;
          const secret = await env.backend.lease(session, { engine: 'kv', backendRole: kv.path, ttlSeconds: 300, pipelineRunId: 'run-1' });
          expect(secret).toMatchObject({ engine: 'kv', path: expect.stringMatching(new RegExp(`/data/${kv.path}$`)), renewable: false, revocable: false, ttlSeconds: 300 });
          expect(secret.data).toEqual(kv.data);
          await expect(env.backend.revokeLease(secret.leaseId)).resolves.toBeUndefined();
          await env.backend.revokeSession(session.accessor);
        });

        it('is refused with permission-denied for a KV path the build may not read', async () => {
          const session = await login();
          const kv = env.kv!;
          const read = (path: string) => env.backend.lease(session, { engine: 'kv', backendRole: path, ttlSeconds: 300, pipelineRunId: 'run-1' });
          expect((await failureOf(read(kv.forbiddenPath))).kind).toBe<BackendErrorKind>('permission-denied');
          await env.backend.revokeSession(session.accessor);
        });
      }

      if (options.sts) {
        it('issues AWS STS credentials with a security token that cannot be revoked early, and revokeLease accepts them', async () => {
          const session = await login();
          const role = env.awsStsRole ?? '';
          const secret = await env.backend.lease(session, { engine: 'aws', backendRole: role, ttlSeconds: 900, pipelineRunId: 'run-1', awsMethod: 'sts' });
          expect(secret).toMatchObject({ path: `aws/sts/${role}`, renewable: false, revocable: false });
          expect(secret.leaseId.startsWith(`aws/sts/${role}/`)).toBe(true);
          expect(secret.ttlSeconds).toBeGreaterThan(0);
          for (const key of ['access_key', 'secret_key', 'security_token']) expect(secret.data[key]).toEqual(expect.any(String));
          await expect(env.backend.revokeLease(secret.leaseId)).resolves.toBeUndefined();
          await env.backend.revokeSession(session.accessor);
        });
      }
    });

    describe('#revokePrefix', () => {
      it('refuses prefixes that could change the request path, before asking Vault', async () => {
        for (const prefix of ['', '/sys', 'database/../sys/seal', 'database//creds', 'database/creds/a b']) {
          expect((await failureOf(env.backend.revokePrefix(prefix))).kind).toBe<BackendErrorKind>('invalid-request');
        }
      });

      if (options.revokePrefix) {
        it('revokes the leases it names, and revoking again still succeeds', async () => {
          const session = await login();
          const secret = await env.backend.lease(session, { engine: 'database', backendRole: env.databaseRole, ttlSeconds: 600, pipelineRunId: 'run-1' });
          // A full lease id as prefix revokes that lease only (Vault matches an exact id before adding a `/`).
          await env.backend.revokePrefix(secret.leaseId);
          await expect(env.backend.revokePrefix(secret.leaseId)).resolves.toBeUndefined();
          await expect(env.backend.revokeLease(secret.leaseId)).resolves.toBeUndefined();
          await env.backend.revokeSession(session.accessor);
        });
      }
    });

    describe('#revokeLease', () => {
      it('revokes a lease, and revoking it again still succeeds', async () => {
        const session = await login();
        const secret = await env.backend.lease(session, { engine: 'database', backendRole: env.databaseRole, ttlSeconds: 600, pipelineRunId: 'run-1' });
        await env.backend.revokeLease(secret.leaseId);
        await expect(env.backend.revokeLease(secret.leaseId)).resolves.toBeUndefined();
        await env.backend.revokeSession(session.accessor);
      });
    });

    describe('#revokeSession', () => {
      it('ends the build token, so it can lease nothing more, and is idempotent', async () => {
        const session = await login();
        await env.backend.lease(session, { engine: 'database', backendRole: env.databaseRole, ttlSeconds: 600, pipelineRunId: 'run-1' });
        await env.backend.revokeSession(session.accessor);
        const error = await failureOf(env.backend.lease(session, { engine: 'database', backendRole: env.databaseRole, ttlSeconds: 600, pipelineRunId: 'run-1' }));
        expect(error.kind).toBe<BackendErrorKind>('permission-denied');
        await expect(env.backend.revokeSession(session.accessor)).resolves.toBeUndefined();
      });
    });

    describe('#wrap / #unwrap', () => {
      it('returns the wrapped data once, then refuses the same token as wrapping-token-invalid', async () => {
        const wrapped = await env.backend.wrap({ username: 'ci-user', password: 'pw-123' }, 60);
        expect(wrapped.ttlSeconds).toBe(60);
        expect(wrapped.token).not.toBe('');
        await expect(env.backend.unwrap(wrapped.token)).resolves.toEqual({ username: 'ci-user', password: 'pw-123' });
        const error = await failureOf(env.backend.unwrap(wrapped.token));
        expect(error.kind).toBe<BackendErrorKind>('wrapping-token-invalid');
        expect(error.message).not.toContain(wrapped.token);
      });
    });

    describe.each<[TransitKeyType, string | null]>([
      ['ecdsa-p256', 'sha256'],
      ['ed25519', null],
    ])('transit %s', (type, nodeHash) => {
      const nodeVerify = (pem: string, signature: string, data: Uint8Array) =>
        verifyWithNode(nodeHash, data, pem, Buffer.from(signature.replace(/^vault:v\d+:/, ''), 'base64'));

      it('signs so that Vault and node:crypto (with the PEM from readKey) both verify', async () => {
        const key = env.keyName(type);
        await env.backend.createKey(key, type);
        const signed = await env.backend.sign({ key, input });
        expect(signed.signature).toMatch(/^vault:v1:/);
        expect(signed.keyVersion).toBe(1);
        const info = await env.backend.readKey(key);
        expect(info).toMatchObject({ name: key, type, latestVersion: 1 });
        expect(info.versions[0]?.publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
        expect(nodeVerify(info.versions[0]!.publicKeyPem, signed.signature, input)).toBe(true);
        await expect(env.backend.verify(key, input, signed.signature)).resolves.toBe(true);
        await expect(env.backend.verify(key, new TextEncoder().encode('tampered'), signed.signature)).resolves.toBe(false);
      });

      it('keeps version 1 signatures verifiable after rotation and signs new input with version 2', async () => {
        const key = env.keyName(`${type}-rotated`);
        await env.backend.createKey(key, type);
        const before = await env.backend.sign({ key, input });
        await expect(env.backend.rotateKey(key)).resolves.toBe(2);
        const after = await env.backend.sign({ key, input });
        expect(after).toMatchObject({ keyVersion: 2, signature: expect.stringMatching(/^vault:v2:/) });
        await expect(env.backend.verify(key, input, before.signature)).resolves.toBe(true);
        const info = await env.backend.readKey(key);
        expect(info.versions.map((v) => v.version)).toEqual([1, 2]);
        expect(nodeVerify(info.versions[0]!.publicKeyPem, before.signature, input)).toBe(true);
        expect(nodeVerify(info.versions[1]!.publicKeyPem, after.signature, input)).toBe(true);
        const pinned = await env.backend.sign({ key, input, keyVersion: 1 });
        expect(pinned.signature).toMatch(/^vault:v1:/);
      });
    });

    describe('#readKey', () => {
      it('reports not-found for a key that does not exist', async () => {
        const error = await failureOf(env.backend.readKey(env.keyName('missing')));
        expect(error.kind).toBe<BackendErrorKind>('not-found');
      });
    });
  });
}

/** The BackendError a call rejected with (fails the test if it resolved or threw something else). */
export async function failureOf(promise: Promise<unknown>): Promise<BackendError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(BackendError);
  return outcome as BackendError;
}
