import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AttestationSigner, buildSbomStatement, CYCLONEDX_PREDICATE_TYPE, InProcessKeySigner } from '@tollgate/attestation';
import { SIGNATURE_HEADER, verifyPassword, verifyRequestSignature } from '@tollgate/event-client';

const LAUNCHER = resolve(__dirname, '../../../tools/bin/tollgate.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

// Runs the installed launcher the way a CI step would: a separate node process, from an unrelated cwd.
function tollgate(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [LAUNCHER, ...args],
      { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', ...opts.env } },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}

describe('tollgate (launcher)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-e2e-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints usage and exits 0 on --help from any working directory', async () => {
    const out = await tollgate(['--help']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toMatch(/^Usage: tollgate <command> \[options\]/);
  });

  it('exits 2 with usage on stderr for an unknown command', async () => {
    const out = await tollgate(['deploy']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^tollgate: unknown command "deploy"\n\nUsage: tollgate/);
  });

  it('verifies a signed SBOM bundle offline, and names the failed check when its payload was changed', async () => {
    const key = new InProcessKeySigner('tollgate-signing');
    const digest = `sha256:${'4'.repeat(64)}`;
    const signed = await AttestationSigner.withKey(key).sign(
      buildSbomStatement({ artifact: { name: 'pkg:generic/infusion-pump-ui@2.4.0', digest }, bom: { bomFormat: 'CycloneDX', specVersion: '1.6', components: [] } }),
    );
    const policy = join(dir, 'trust-policy.json');
    await writeFile(policy, JSON.stringify({ keys: key.trustedKeys(), predicateTypes: [CYCLONEDX_PREDICATE_TYPE] }));
    const bundle = join(dir, 'sbom.bundle.json');
    await writeFile(bundle, signed.bundleJson);
    const ok = await tollgate(['verify', digest, '--bundle', bundle, '--policy', policy]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^verified: /);

    const tampered = structuredClone(signed.bundle) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(tampered.dsseEnvelope.payload, 'base64').toString()) as { predicate: { components: unknown[] } };
    statement.predicate.components.push({ type: 'library', name: 'backdoor', version: '1.0.0' });
    tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await writeFile(bundle, JSON.stringify(tampered));
    const refused = await tollgate(['verify', digest, '--bundle', bundle, '--policy', policy]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SIGNATURE_INVALID');
  });

  it('hashes a password from stdin', async () => {
    const out = await tollgate(['source', 'hash-password'], { stdin: 'launcher-pass\n' });
    expect(out.code).toBe(0);
    await expect(verifyPassword('launcher-pass', out.stdout.trim())).resolves.toBe(true);
  });

  describe('event send', () => {
    let server: Server;
    let url: string;
    const secret = randomBytes(32).toString('hex');
    const received: { verified: boolean; id: string }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const header = req.headers[SIGNATURE_HEADER] as string | undefined;
          const verified = verifyRequestSignature({ secret, body, header, toleranceSeconds: 300 }).ok;
          const id = (JSON.parse(body.toString('utf8')) as { id: string }).id;
          received.push({ verified, id });
          res.writeHead(verified ? 202 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify(verified ? { id, duplicate: false } : { error: { code: 'UNAUTHENTICATED', message: 'bad signature' } }));
        });
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    });

    it('posts a signed event and prints "accepted <id>", reading the secret from the file named in the environment', async () => {
      const secretFile = join(dir, 'secret');
      await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
      const content = JSON.stringify({ pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' });

      const out = await tollgate(
        ['event', 'send', '--type', 'pipelinerun.started', '--run-id', 'jenkins/payments-api/42', '--subject-id', 'payments-api-42', '--content', content, '--id', 'evt-e2e-1'],
        { env: { TOLLGATE_URL: url, TOLLGATE_SOURCE_ID: 'jenkins-prod', TOLLGATE_HMAC_SECRET_FILE: secretFile } },
      );

      expect(out).toEqual({ code: 0, stdout: 'accepted evt-e2e-1\n', stderr: '' });
      expect(received).toEqual([{ verified: true, id: 'evt-e2e-1' }]);
    });
  });
});
