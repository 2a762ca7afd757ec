import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';
import { jenkinsClaims, startBrokerHarness, type BrokerHarness } from './testing/broker-harness';

const CLI = resolve(__dirname, '../../../tools/bin/tollgate.js');

/** Runs the CLI as a build agent would; asynchronously, since the broker serves from this same process. */
function tollgate(args: string[], env: Record<string, string>): Promise<{ status: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }, (error, _stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('credential-broker over HTTPS (build agents send bearer tokens)', () => {
  let h: BrokerHarness;
  let dir: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'credential-broker' }], {
      notAfterDate: new Date(Date.now() + 86_400_000),
      keyType: 'ec',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    dir = mkdtempSync(join(tmpdir(), 'tollgate-tls-'));
    writeFileSync(join(dir, 'ca.pem'), pems.cert);
    h = await startBrokerHarness({ tls: { cert: pems.cert, key: pems.private } });
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the exchange over TLS to a CLI that trusts the CA through NODE_EXTRA_CA_CERTS', async () => {
    expect(h.broker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    writeFileSync(join(dir, 'token'), await h.issuer.sign(jenkinsClaims()), { mode: 0o600 });
    const run = `https://ci.example.internal/job/pumps/job/firmware/tls-${Date.now()}/`;
    const cli = await tollgate(['credentials', 'exchange', '--role', 'pumps-ci', '--run-id', run, '--token-file', join(dir, 'token'), '--out', join(dir, 'out.env')], {
      TOLLGATE_BROKER_URL: h.broker.url,
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    });
    expect(cli.stderr).toContain('tollgate: leased inventory-db (database/creds/inventory-read)');
    expect(cli.status).toBe(0);
    expect(readFileSync(join(dir, 'out.env'), 'utf8')).toMatch(/^PGUSER='tg_lease_[0-9a-f]+'\nPGPASSWORD='.+'\n$/);
    await h.publishRunEvent('finished', run);
  });

  it('refuses a CLI that does not trust the certificate, and plain HTTP on the TLS port', async () => {
    writeFileSync(join(dir, 'token'), await h.issuer.sign(jenkinsClaims()), { mode: 0o600 });
    const cli = await tollgate(['credentials', 'exchange', '--role', 'pumps-ci', '--run-id', 'https://ci.example.internal/x/', '--token-file', join(dir, 'token'), '--out', join(dir, 'never.env')], {
      TOLLGATE_BROKER_URL: h.broker.url,
      NODE_EXTRA_CA_CERTS: '',
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/credential broker at https:\/\/127\.0\.0\.1:\d+ unreachable: self[- ]signed certificate/);
    const port = new URL(h.broker.url).port;
    const plain = await new Promise<string>((done) => {
      const req = request({ host: '127.0.0.1', port, path: '/healthz' }, (res) => done(`status ${res.statusCode}`));
      req.on('error', (error) => done(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`));
      req.end();
    });
    expect(plain).not.toBe('status 200');
  });
});
