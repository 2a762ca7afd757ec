/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvent } from '@tollgate/events';
import { startScannerHarness, type ScannerHarness } from './testing/scanner-harness';
import { eventually } from '@tollgate/testing';

const digestOf = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;

/** A package-lock (v3) of a project depending on one version of `ms`. */
const lockWithMs = (version: string) =>
  JSON.stringify({
    name: 'pump-ui',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'pump-ui', version: '1.0.0', dependencies: { ms: version } }, 'node_modules/ms': { version, license: 'MIT' } },
  });

/** An advisory on npm `ms`, shaped like OSV's GHSA records. */
const msAdvisory = (id: string, events: object[], modified = '2026-11-01T00:00:00Z') => ({
  schema_version: '1.6.0',
  id,
  modified,
  summary: 'Inefficient regular expression in ms',
  affected: [{ package: { ecosystem: 'npm', name: 'ms', purl: 'pkg:npm/ms' }, ranges: [{ type: 'SEMVER', events }] }],
  database_specific: { severity: 'HIGH' },
});

const node = process.execPath;
const EXTERNAL = [
  { name: 'hangs', command: [node, '-e', 'setInterval(() => {}, 1000)'], sarifOutput: 'stdout', timeoutMs: 1500 },
  { name: 'crashes', command: [node, '-e', 'process.exit(3)'], sarifOutput: 'stdout' },
  { name: 'garbles', command: [node, '-e', 'process.stdout.write("{\\"version\\": \\"2.1.0\\", \\"runs\\": [")'], sarifOutput: 'stdout' },
];


describe('scanner-runner (end to end: a real SBOM builder process, real NATS and Postgres)', () => {
  let h: ScannerHarness;
  const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
  const keyBody = privateKey.split('\n')[1];
  const get = async (path: string) => fetch(`${h.scanner.url}${path}`);
  const post = (path: string, body: unknown) => fetch(`${h.scanner.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const scansOf = async (run: string) => (await h.events('ARTIFACT')).filter((e) => e.pipelinerunid === run && /scan\.(completed|failed)/.test(e.type));

  async function build(run: string, repo: { url: string; commit: string }, digest: string) {
    await h.publish(
      buildEvent('pipelinerun.started', {
        source: '/ci/jenkins',
        subjectId: run,
        pipelineRunId: run,
        content: { pipelineName: 'pumps/pump-ui', uri: run },
        customData: { jenkins: { number: 1, phase: 'STARTED', scm: { url: repo.url, branch: 'origin/main', commit: repo.commit } } },
      }),
    );
    await h.publish(buildEvent('artifact.packaged', { source: '/ci/jenkins', subjectId: 'pkg:generic/pump-ui@1.0.0', pipelineRunId: run, artifactDigest: digest, content: { change: { id: repo.commit, source: repo.url } } }));
  }

  beforeAll(async () => {
    h = await startScannerHarness({ osvRecords: [msAdvisory('GHSA-tg01-ms01-redo', [{ introduced: '0' }, { fixed: '2.0.0' }])], externalScanners: EXTERNAL });
  });
  afterAll(async () => h?.close());

  it('reports exactly the public bucket, the private key and the vulnerable package of a pipeline run; failed scanners are failed scans', async () => {
    const repo = h.repository('pump-infra', {
      'infra/main.tf': 'resource "aws_s3_bucket" "telemetry" {\n  bucket = "pump-telemetry-exports"\n  acl    = "public-read"\n}\n',
      'deploy/signing.key': privateKey,
      'package-lock.json': lockWithMs('1.0.0'),
    });
    const run = 'https://ci.example.internal/job/pumps/job/pump-ui/7/';
    await build(run, repo, digestOf('pump-ui-vulnerable'));

    const events = await eventually(async () => ((await scansOf(run)).length === 6 ? scansOf(run) : undefined), 'six scan events');
    const by = Object.fromEntries(events.map((e) => [e.data.subject.content.scanner, e]));
    expect(by['tollgate-iac'].data.subject.content.findingCounts).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 0 });
    expect(by['tollgate-secrets'].data.subject.content.findingCounts).toEqual({ critical: 1, high: 0, medium: 0, low: 0, info: 0 });
    expect(by['tollgate-osv'].data.subject.content.findingCounts).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
    expect(Object.fromEntries(['hangs', 'crashes', 'garbles'].map((s) => [s, by[s].data.subject.content.code]))).toEqual({ hangs: 'TIMEOUT', crashes: 'CRASHED', garbles: 'INVALID_OUTPUT' });
    for (const s of ['hangs', 'crashes', 'garbles']) expect(by[s].type).toContain('tollgate-scan.failed');

    const { scans } = (await (await get(`/v1/findings?pipelineRunId=${encodeURIComponent(run)}`)).json()) as any;
    const findings = scans.flatMap((s: any) => s.findings.map((f: any) => [f.ruleId, f.location?.path ?? f.properties.purl, f.location?.startLine ?? null]));
    expect(findings.sort()).toEqual(
      [
        ['TG-TF-001', 'infra/main.tf', 3],
        ['TG-TF-003', 'infra/main.tf', 1],
        ['TG-TF-012', 'infra/main.tf', 1],
        ['TG-TF-015', 'infra/main.tf', 1],
        ['GHSA-tg01-ms01-redo', 'pkg:npm/ms@1.0.0', null],
        ['secretlint/@secretlint/secretlint-rule-pattern/private-key-block', 'deploy/signing.key', 1],
      ].sort(),
    );
    const markdown = await (await get(`/v1/findings/summary?pipelineRunId=${encodeURIComponent(run)}&linkBase=${encodeURIComponent('https://git.example.internal/pumps/pump-infra/blob/' + repo.commit + '/')}`)).text();
    expect(markdown).toContain(`blob/${repo.commit}/infra/main.tf#L3`);
    expect(markdown).toContain('hangs did not complete');
    const sarif = (await (await get(`/v1/findings/sarif?pipelineRunId=${encodeURIComponent(run)}`)).json()) as any;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((r: any) => [r.tool.driver.name, r.results.length]).sort()).toEqual([['tollgate-iac', 4], ['tollgate-osv', 1], ['tollgate-secrets', 1]]);

    // The key is reported, never repeated: not in findings, events, exports or logs.
    const everything = [JSON.stringify(scans), JSON.stringify(await h.events('ARTIFACT')), JSON.stringify(sarif), markdown, h.logLines.join('\n')].join('\n');
    expect(everything).not.toContain(keyBody);
  });

  it('finds nothing in a clean repository', async () => {
    const repo = h.repository('pump-clean', { 'README.md': '# pump ui\n', 'package-lock.json': lockWithMs('2.1.3') });
    const run = 'https://ci.example.internal/job/pumps/job/pump-ui/8/';
    await build(run, repo, digestOf('pump-ui-clean'));
    const events = await eventually(async () => ((await scansOf(run)).length === 6 ? scansOf(run) : undefined), 'six scan events');
    const completed = events.filter((e) => e.type.includes('scan.completed'));
    expect(completed.map((e) => e.data.subject.content.scanner).sort()).toEqual(['tollgate-iac', 'tollgate-osv', 'tollgate-secrets']);
    for (const e of completed) expect(e.data.subject.content.findingCounts).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  });

  it('matches an advisory ingested later against every stored artifact, exactly at its range boundaries, once', async () => {
    const repo = h.repository('pump-versions', { 'package-lock.json': lockWithMs('2.0.0') });
    const commits: Record<string, string> = { '2.0.0': repo.commit };
    for (const version of ['2.1.2', '2.1.3']) commits[version] = repo.commitMore({ 'package-lock.json': lockWithMs(version) });
    for (const [version, commit] of Object.entries(commits)) {
      const res = await fetch(`${h.sbomBuilder.url}/v1/sboms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ artifactDigest: digestOf(`ms-${version}`), pipelineRunId: `run-ms-${version}`, source: { repository: repo.url, commit } }),
      });
      expect(res.status).toBe(201);
    }

    const advisory = msAdvisory('GHSA-tg02-ms02-late', [{ introduced: '2.0.0' }, { fixed: '2.1.3' }]);
    const first = await post('/v1/advisories', advisory);
    expect(first.status).toBe(201);
    const body = (await first.json()) as any;
    expect(body.affected.map((a: any) => [a.version, a.artifactDigest, a.newlyRaised]).sort()).toEqual(
      [
        ['2.0.0', digestOf('ms-2.0.0'), true],
        ['2.1.2', digestOf('ms-2.1.2'), true],
      ].sort(),
    );
    const detected = await eventually(async () => {
      const found = (await h.events('SECURITY')).filter((e) => e.data.subject.content.advisoryId === advisory.id);
      return found.length === 2 ? found : undefined;
    }, 'vulnerability.detected');
    expect(detected.map((e) => e.artifactdigest).sort()).toEqual([digestOf('ms-2.0.0'), digestOf('ms-2.1.2')].sort());

    // last_affected is inclusive: only 2.1.2 of the three.
    const inclusive = (await (await post('/v1/advisories', msAdvisory('GHSA-tg03-ms03-last', [{ introduced: '2.1.0' }, { last_affected: '2.1.2' }]))).json()) as any;
    expect(inclusive.affected.map((a: any) => a.version)).toEqual(['2.1.2']);

    // The same advisory again: nothing new raised.
    const again = (await (await post('/v1/advisories', advisory)).json()) as any;
    expect(again.outcome).toBe('unchanged');
    expect(again.affected.every((a: any) => a.newlyRaised === false)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.events('SECURITY')).filter((e) => e.data.subject.content.advisoryId === advisory.id)).toHaveLength(2);
  });

  it('scans only the paths a pull request changed', async () => {
    const repo = h.repository('pump-pr', { 'infra/old.tf': 'resource "aws_s3_bucket" "legacy" {\n  acl = "public-read"\n}\n' });
    const base = repo.commit;
    const head = repo.commitMore({
      'infra/ssh.tf': 'resource "aws_security_group" "bastion" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    });
    const run = 'change-pump-pr-12';
    await h.publish(buildEvent('change.created', { source: '/scm/pumps', subjectId: 'pumps/pump-infra/pull/12', pipelineRunId: run, content: { description: 'open SSH for the bastion' }, customData: { git: { repository: repo.url, head, base } } }));
    await eventually(async () => ((await scansOf(run)).length === 5 ? true : undefined), 'five scan events');
    const { scans } = (await (await get(`/v1/findings?pipelineRunId=${run}`)).json()) as any;
    const paths = new Set(scans.flatMap((s: any) => s.findings.map((f: any) => f.location.path)));
    expect([...paths]).toEqual(['infra/ssh.tf']);
    expect(scans.find((s: any) => s.scanner === 'tollgate-iac').findings.map((f: any) => [f.ruleId, f.location.startLine])).toContainEqual(['TG-TF-006', 6]);
  });

  it('stores SARIF uploaded by a CI step as a scan of that scanner, and refuses broken SARIF by path', async () => {
    const sarif = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'trivy', rules: [{ id: 'AVD-AWS-0086', properties: { 'security-severity': '8.1' } }] } }, results: [{ ruleId: 'AVD-AWS-0086', level: 'error', message: { text: 'S3 bucket does not block public ACLs' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/main.tf' }, region: { startLine: 3 } } }] }] }],
    };
    const res = await post('/v1/sarif', { pipelineRunId: 'run-upload', scanner: 'trivy', kind: 'iac', target: 'pump-infra@abc1234', sarif });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ stored: true, findings: 1, counts: { high: 1 } });
    const [completed] = await eventually(async () => ((await scansOf('run-upload')).length ? scansOf('run-upload') : undefined), 'scan.completed for the upload');
    expect(completed.data.subject.content).toMatchObject({ scanner: 'trivy', kind: 'iac', findingCounts: { high: 1 } });
    const broken = await post('/v1/sarif', { pipelineRunId: 'run-upload-2', scanner: 'trivy', target: 'x', sarif: { version: '2.1.0', runs: [{ results: [] }] } });
    expect(broken.status).toBe(422);
    expect(JSON.stringify(await broken.json())).toContain('runs[0].tool');
  });

  it('picks up an advisory dropped into the watched directory and raises it for the artifacts in range', async () => {
    const repo = h.repository('pump-inbox', { 'package-lock.json': lockWithMs('2.1.1') });
    const res = await fetch(`${h.sbomBuilder.url}/v1/sboms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ artifactDigest: digestOf('ms-2.1.1'), pipelineRunId: 'run-ms-2.1.1', source: { repository: repo.url, commit: repo.commit } }),
    });
    expect(res.status).toBe(201);
    writeFileSync(join(h.advisoryInbox, 'GHSA-tg04-ms04-drop.json'), JSON.stringify(msAdvisory('GHSA-tg04-ms04-drop', [{ introduced: '2.1.1' }, { fixed: '2.1.2' }])));
    const [detected] = await eventually(async () => {
      const found = (await h.events('SECURITY')).filter((e) => e.data.subject.content.advisoryId === 'GHSA-tg04-ms04-drop');
      return found.length ? found : undefined;
    }, 'vulnerability.detected from the watched directory');
    expect(detected.data.subject.content).toMatchObject({ componentPurl: 'pkg:npm/ms@2.1.1', artifactDigest: digestOf('ms-2.1.1'), severity: 'high' });
    expect(detected.data.customData).toMatchObject({ fixedVersions: ['2.1.2'], environments: [] });
  });

  it('refuses a malformed advisory by field, storing nothing', async () => {
    const res = await post('/v1/advisories', { id: 'GHSA-bad', modified: 'yesterday', affected: [{ package: { ecosystem: 'npm', name: 'ms' }, ranges: [{ type: 'SEMVER' }] }] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['modified']));
    expect(await h.db.dataSource.query(`SELECT count(*)::int AS n FROM osv_advisory WHERE id = 'GHSA-bad'`)).toEqual([{ n: 0 }]);
  });
});
