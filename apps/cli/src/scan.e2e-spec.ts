import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const LAUNCHER = resolve(__dirname, '../../../tools/bin/tollgate.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

// The launcher as a CI step runs it: its own node process, from an unrelated cwd, no services.
function tollgate(args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [LAUNCHER, ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface Sarif {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

describe('tollgate scan (launcher)', () => {
  let dir: string;
  let repo: string;
  let keyLines: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-scan-e2e-'));
    repo = join(dir, 'payments-infra');
    const write = async (path: string, content: string): Promise<void> => {
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), content);
    };
    await write('terraform/buckets.tf', ['resource "aws_s3_bucket" "exports" {', '  bucket = "pump-exports"', '  acl    = "public-read-write"', '}', ''].join('\n'));
    await write('Dockerfile', ['FROM python:latest', 'COPY . /srv', 'CMD ["python", "/srv/app.py"]', ''].join('\n'));
    // A real key minted now: the repository holds no credential.
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keyLines = key.split('\n').slice(1, -2);
    await write('ops/signing-key.pem', key);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a table with file:line and the fix, and exits 1 on the critical public bucket', async () => {
    const out = await tollgate(['scan', repo]);

    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^CRITICAL +TG-TF-001 +terraform\/buckets\.tf:3 +S3 bucket aws_s3_bucket\.exports/m);
    expect(out.stdout).toMatch(/^ {2}terraform\/buckets\.tf:3 +TG-TF-001: Set acl = "private" in aws_s3_bucket\.exports/m);
    expect(out.stdout).toMatch(/^CRITICAL +secretlint\/\S+ +ops\/signing-key\.pem:1 /m);
    expect(out.stdout).toMatch(/\n\d+ findings \(2 critical, \d+ high, \d+ medium, \d+ low, 0 info\) in 3 files; 2 at or above --fail-on critical\n$/);
    expect(out.stderr).toBe('');
  });

  it('prints SARIF 2.1.0 whose results carry the rule, file and line', async () => {
    const out = await tollgate(['scan', repo, '--format', 'sarif']);

    expect(out.code).toBe(1);
    const sarif = JSON.parse(out.stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const results = sarif.runs.flatMap((run) => run.results.map((r) => ({ tool: run.tool.driver.name, rule: r.ruleId, level: r.level, at: `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}` })));
    expect(results).toContainEqual({ tool: 'tollgate-iac', rule: 'TG-TF-001', level: 'error', at: 'terraform/buckets.tf:3' });
    expect(results).toContainEqual(expect.objectContaining({ tool: 'tollgate-secrets', at: 'ops/signing-key.pem:1' }));
  });

  it('exits by --fail-on: 0 for the Dockerfile alone at critical, 1 at high', async () => {
    const critical = await tollgate(['scan', repo, '--paths', 'Dockerfile']);
    expect(critical.code).toBe(0);
    expect(critical.stdout).toMatch(/; none at or above --fail-on critical\n$/);

    const high = await tollgate(['scan', repo, '--paths', 'Dockerfile', '--fail-on', 'high']);
    expect(high.code).toBe(1);
    expect(high.stdout).toMatch(/^HIGH +TG-DF-001 +Dockerfile:1 /m);
  });

  it('never prints the private key, in any format', async () => {
    for (const format of ['table', 'json', 'sarif']) {
      const out = await tollgate(['scan', repo, '--format', format]);
      expect(out.code).toBe(1);
      for (const line of keyLines) {
        expect(out.stdout).not.toContain(line);
        expect(out.stderr).not.toContain(line);
      }
    }
  });

  it('exits 2 naming the path when it does not exist', async () => {
    const out = await tollgate(['scan', join(dir, 'missing')]);

    expect(out).toEqual({ code: 2, stdout: '', stderr: `tollgate: cannot scan: ${join(dir, 'missing')}: tree root does not exist (ROOT_NOT_FOUND)\n` });
  });

  it('exits 2 with the usage for a bad --fail-on', async () => {
    const out = await tollgate(['scan', repo, '--fail-on', 'urgent']);

    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^tollgate: --fail-on must be one of critical, high, medium, low, info, got "urgent"\n\nUsage: tollgate scan <path>/);
  });
});
