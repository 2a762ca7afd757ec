import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '@tollgate/event-client';
import { IAC_RULES } from '../iac/iac-rules';
import { fake } from '../secrets/testing/fake-secrets';
import { scanCommand } from './scan.command';
import { SCAN_USAGE } from './scan-usage';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk) },
    stdin: (async function* () {})(),
    env: {},
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function scan(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await scanCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

const PUBLIC_BUCKET_TF = `resource "aws_s3_bucket" "reports" {
  bucket = "pump-telemetry-reports"
  acl    = "public-read"
}
`;

// Runs as root (high) and uses :latest (medium): nothing critical.
const ROOT_DOCKERFILE = `FROM node:latest
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
`;

interface SarifOut {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string; name?: string; fullDescription?: { text: string }; help?: { text: string } }[] } }; results: { ruleId: string }[] }[];
}

describe(scanCommand.name, () => {
  let dir: string;
  let repo: string;
  let clean: string;
  let dockerOnly: string;
  let privateKey: string;

  const write = async (path: string, content: string | Buffer): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-scan-cli-'));
    repo = join(dir, 'repo');
    clean = join(dir, 'clean');
    dockerOnly = join(dir, 'docker-only');
    privateKey = fake.privateKeyPem();
    await write(join(repo, 'infra/s3.tf'), PUBLIC_BUCKET_TF);
    await write(join(repo, 'Dockerfile'), ROOT_DOCKERFILE);
    await write(join(repo, 'deploy/keys/deploy.pem'), privateKey);
    await write(join(repo, 'assets/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
    await write(join(clean, 'README.md'), '# Pump monitor\n\nRun `npm start`.\n');
    await write(join(clean, 'src/index.js'), "console.log('hello');\n");
    await write(join(dockerOnly, 'Dockerfile'), ROOT_DOCKERFILE);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a table with file:line, the fix and counts by severity, and exits 1 on a critical finding by default', async () => {
    const { code, out, err } = await scan([repo]);

    expect(code).toBe(1);
    expect(out).toMatch(/^SEVERITY +RULE +LOCATION +MESSAGE\n/);
    expect(out).toMatch(/^CRITICAL +TG-TF-001 +infra\/s3\.tf:3 +S3 bucket aws_s3_bucket\.reports/m);
    expect(out).toMatch(/^CRITICAL +secretlint\/\S+ +deploy\/keys\/deploy\.pem:1 +/m);
    expect(out).toMatch(/^HIGH +TG-DF-001 +Dockerfile:1 /m);
    const fixes = out.slice(out.indexOf('\nFixes:\n'));
    expect(fixes).toMatch(/^ {2}infra\/s3\.tf:3 +TG-TF-001: Set acl = "private" in aws_s3_bucket\.reports/m);
    expect(fixes).toMatch(/^ {2}deploy\/keys\/deploy\.pem:1 +secretlint\/\S+: Revoke and rotate this credential/m);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^\d+ findings \(2 critical, \d+ high, \d+ medium, \d+ low, 0 info\) in 3 files, 1 skipped; 2 at or above --fail-on critical$/);
    expect(err).toBe('tollgate: skipped assets/logo.png (binary)\n');
  });

  it('never prints the private key, in any format', async () => {
    const body = privateKey.split('\n').slice(1, -2);
    for (const format of ['table', 'json', 'sarif']) {
      const { out, err } = await scan([repo, '--format', format]);
      for (const line of body) {
        expect(out).not.toContain(line);
        expect(err).not.toContain(line);
      }
    }
  });

  it('exits 0 and reports "0 findings" for a clean directory', async () => {
    const { code, out, err } = await scan([clean]);

    expect({ code, out, err }).toEqual({ code: 0, out: '0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info) in 2 files; none at or above --fail-on critical\n', err: '' });
  });

  it('exits 1 only when a finding is at or above --fail-on', async () => {
    expect((await scan([dockerOnly])).code).toBe(0);
    expect((await scan([dockerOnly, '--fail-on', 'critical'])).code).toBe(0);
    const high = await scan([dockerOnly, '--fail-on', 'high']);
    expect(high.code).toBe(1);
    expect(high.out).toMatch(/; 1 at or above --fail-on high\n$/);
    expect((await scan([clean, '--fail-on', 'info'])).code).toBe(0);
  });

  it('prints the findings as JSON, sorted by path and line, with counts and skipped files', async () => {
    const { code, out, err } = await scan([repo, '--format', 'json']);

    expect(code).toBe(1);
    const report = JSON.parse(out) as { findings: { ruleId: string; location: { path: string; startLine: number }; fix: string }[]; counts: Record<string, number>; filesScanned: number; skipped: unknown[] };
    const places = report.findings.map((f) => [f.location.path, f.location.startLine] as const);
    expect(places).toEqual([...places].sort(([pa, la], [pb, lb]) => (pa < pb ? -1 : pa > pb ? 1 : la - lb)));
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'TG-TF-001', location: expect.objectContaining({ path: 'infra/s3.tf', startLine: 3 }), fix: expect.stringContaining('acl = "private"') }));
    expect(report.counts.critical).toBe(2);
    expect(report.filesScanned).toBe(3);
    expect(report.skipped).toEqual([{ path: 'assets/logo.png', reason: 'binary' }]);
    expect(err).toMatch(/^tollgate: skipped assets\/logo\.png \(binary\)\ntollgate: \d+ findings .*; 2 at or above --fail-on critical\n$/);
  });

  it('prints SARIF 2.1.0 with a run per scanner and the IaC rules described from the catalogue', async () => {
    const { code, out } = await scan([repo, '--format', 'sarif', '--fail-on', 'info']);

    expect(code).toBe(1);
    const sarif = JSON.parse(out) as SarifOut;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((r) => r.tool.driver.name)).toEqual(['tollgate-iac', 'tollgate-secrets']);
    const iac = sarif.runs[0];
    expect(iac.results.map((r) => r.ruleId)).toContain('TG-TF-001');
    const catalogue = IAC_RULES.find((r) => r.id === 'TG-TF-001')!;
    expect(iac.tool.driver.rules.find((r) => r.id === 'TG-TF-001')).toMatchObject({ name: catalogue.title, fullDescription: { text: catalogue.message }, help: { text: catalogue.fix } });
    expect(sarif.runs[1].results).toHaveLength(1);
  });

  it('keeps a run per scanner in SARIF when nothing was found', async () => {
    const sarif = JSON.parse((await scan([clean, '--format', 'sarif'])).out) as SarifOut;

    expect(sarif.runs.map((r) => [r.tool.driver.name, r.results.length])).toEqual([
      ['tollgate-iac', 0],
      ['tollgate-secrets', 0],
    ]);
  });

  it('scans only --paths inside the tree', async () => {
    const { code, out } = await scan([repo, '--paths', 'Dockerfile, infra']);

    expect(code).toBe(1);
    expect(out).toContain('infra/s3.tf:3');
    expect(out).not.toContain('deploy.pem');
    expect(out).toMatch(/in 2 files;/);
  });

  it('writes the report to --out and only the summary to stderr', async () => {
    const file = join(dir, 'report.sarif');
    const { code, out, err } = await scan([repo, '--format', 'sarif', '--out', file]);

    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(new RegExp(`tollgate: \\d+ findings .* -> ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    expect((JSON.parse(await readFile(file, 'utf8')) as SarifOut).version).toBe('2.1.0');
  });

  it.each([
    [[], 'missing <path>'],
    [['a', 'b'], 'expected one <path>, got 2: "a" "b"'],
    [['.', '--format', 'xml'], '--format must be one of table, json, sarif, got "xml"'],
    [['.', '--fail-on', 'severe'], '--fail-on must be one of critical, high, medium, low, info, got "severe"'],
    [['.', '--paths', ' , '], '--paths needs at least one path, got " , "'],
    [['.', '--verbose'], "Unknown option '--verbose'"],
  ])('exits 2 with the usage for bad arguments %j', async (args, message) => {
    const { code, out, err } = await scan(args);

    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toContain(`tollgate: ${message}`);
    expect(err.endsWith(SCAN_USAGE)).toBe(true);
  });

  it('exits 2 naming the path when it does not exist or is not a directory', async () => {
    const missing = await scan([join(dir, 'nope')]);
    expect(missing).toEqual({ code: 2, out: '', err: `tollgate: cannot scan: ${join(dir, 'nope')}: tree root does not exist (ROOT_NOT_FOUND)\n` });

    const file = await scan([join(clean, 'README.md')]);
    expect(file).toEqual({ code: 2, out: '', err: `tollgate: cannot scan: ${join(clean, 'README.md')}: tree root is not a directory (ROOT_NOT_DIRECTORY)\n` });
  });

  it('exits 2 when --paths leaves the tree', async () => {
    const { code, err } = await scan([repo, '--paths', '../clean']);

    expect(code).toBe(2);
    expect(err).toBe(`tollgate: cannot scan: ../clean: requested path is not inside the tree ${repo} (PATH_OUTSIDE_ROOT)\n`);
  });

  it('prints the usage on --help', async () => {
    expect(await scan(['--help'])).toEqual({ code: 0, out: SCAN_USAGE, err: '' });
  });
});
