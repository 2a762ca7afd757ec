/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvent } from '@tollgate/events';
import { eventually, runTool, startAppProcess, startPrivateGitHost, startTestIssuer, uniqueName, type AppProcess } from '@tollgate/testing';
import { startScannerHarness, type ScannerHarness } from './testing/scanner-harness';

const AUDIENCE = 'tollgate-broker';
const SCANNER_SUBJECT = 'system:serviceaccount:tollgate:scanner-runner';
const SBOM_SUBJECT = 'system:serviceaccount:tollgate:sbom-builder';
const LOCKFILE = JSON.stringify({
  name: 'pump-firmware-ui',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name: 'pump-firmware-ui', version: '1.0.0', dependencies: { ms: '2.1.3' } }, 'node_modules/ms': { version: '2.1.3', license: 'MIT' } },
});

/** One Terraform file with a public bucket, and a lockfile. */
const TREE = { 'infra/main.tf': 'resource "aws_s3_bucket" "exports" {\n  bucket = "pump-exports"\n  acl    = "public-read"\n}\n', 'package-lock.json': LOCKFILE };

describe('scanner-runner: a private repository read with a credential leased from the broker (real broker and git host)', () => {
  const gitPassword = `glpat-${randomBytes(14).toString('hex')}`;
  let h: ScannerHarness;
  let broker: AppProcess;
  let gitUrl: string;
  let commits: Record<'firmware' | 'legacy', string>;

  beforeAll(async () => {
    h = await startScannerHarness({
      osvRecords: [],
      async companion(shared, dir) {
        const gitHost = await startPrivateGitHost({ username: 'x-access-token', password: gitPassword });
        commits = { firmware: gitHost.add('pumps/firmware', TREE).commit, legacy: gitHost.add('pumps-legacy/firmware', TREE).commit };
        gitUrl = gitHost.url;
        const issuer = await startTestIssuer(AUDIENCE);
        const schema = uniqueName('cb');
        const kek = randomBytes(32).toString('base64');
        await runTool('tools/migrate.ts', ['--service', 'credential-broker', '--schema', schema], { DATABASE_URL: shared.DATABASE_URL });
        // The operator's step: the git host's read token goes into the broker, from the environment, never argv.
        await runTool('tools/broker-secret.ts', ['put', 'git/pumps-firmware', '--env', 'username=GIT_USERNAME', '--env', 'password=GIT_PASSWORD'], {
          DATABASE_URL: shared.DATABASE_URL,
          BROKER_DATABASE_SCHEMA: schema,
          BROKER_KEK: kek,
          GIT_USERNAME: 'x-access-token',
          GIT_PASSWORD: gitPassword,
        });
        const roles = {
          issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
          roles: [
            { name: 'tollgate-scanner', issuer: issuer.issuer, bound_audiences: [AUDIENCE], bound_claims: { sub: SCANNER_SUBJECT }, secrets: [{ name: 'git-pumps', engine: 'kv', backendRole: 'git/pumps-firmware' }] },
            { name: 'tollgate-sbom-builder', issuer: issuer.issuer, bound_audiences: [AUDIENCE], bound_claims: { sub: SBOM_SUBJECT }, secrets: [{ name: 'git-pumps', engine: 'kv', backendRole: 'git/pumps-firmware' }] },
          ],
        };
        writeFileSync(join(dir, 'roles.yaml'), JSON.stringify(roles));
        writeFileSync(join(dir, 'scanner.token'), await issuer.sign({ sub: SCANNER_SUBJECT }, { expiresInSeconds: 3600 }), { mode: 0o600 });
        writeFileSync(join(dir, 'sbom-builder.token'), await issuer.sign({ sub: SBOM_SUBJECT }, { expiresInSeconds: 3600 }), { mode: 0o600 });
        // git-legacy is not among the scanner role's secrets: the broker refuses it.
        writeFileSync(join(dir, 'git-credentials.yaml'), JSON.stringify({ credentials: [{ repository: `${gitHost.url}/pumps/*`, secret: 'git-pumps' }, { repository: `${gitHost.url}/pumps-legacy/*`, secret: 'git-legacy' }] }));
        broker = await startAppProcess({
          main: 'apps/credential-broker/src/main.ts',
          env: { ...shared, DATABASE_SCHEMA: schema, BROKER_ROLES_FILE: join(dir, 'roles.yaml'), BROKER_KEK: kek, EMBEDDED_DATABASE_ADMIN_URL: shared.DATABASE_URL },
        });
        return {
          scannerEnv: { SCANNER_GIT_CREDENTIALS_FILE: join(dir, 'git-credentials.yaml'), SCANNER_BROKER_URL: broker.url, SCANNER_WORKLOAD_TOKEN_FILE: join(dir, 'scanner.token') },
          sbomBuilderEnv: { SBOM_GIT_CREDENTIALS_FILE: join(dir, 'git-credentials.yaml'), SBOM_BROKER_URL: broker.url, SBOM_WORKLOAD_TOKEN_FILE: join(dir, 'sbom-builder.token') },
          close: async () => {
            await broker.stop();
            await gitHost.close();
            await issuer.close();
          },
        };
      },
    });
  });
  afterAll(async () => h?.close());

  const start = (run: string, url: string, commit: string) =>
    h.publish(
      buildEvent('pipelinerun.started', {
        source: '/ci/jenkins',
        subjectId: run,
        pipelineRunId: run,
        content: { pipelineName: 'pumps/firmware', uri: run },
        customData: { jenkins: { number: 1, phase: 'STARTED', scm: { url, branch: 'origin/main', commit } } },
      }),
    );
  const scansOf = async (run: string) => (await h.events('ARTIFACT')).filter((e) => e.pipelinerunid === run && /scan\.(completed|failed)/.test(e.type));

  it('checks the commit out with the leased token and reports its findings; the token is nowhere in what Tollgate keeps or says', async () => {
    const run = 'https://ci.example.internal/job/pumps/job/firmware/31/';
    await start(run, `${gitUrl}/pumps/firmware.git`, commits.firmware);

    const events = await eventually(async () => ((await scansOf(run)).length === 2 ? scansOf(run) : undefined), 'two scan events');
    expect(events.map((e) => [e.data.subject.content.scanner, e.type.includes('scan.completed')]).sort()).toEqual([
      ['tollgate-iac', true],
      ['tollgate-secrets', true],
    ]);
    const { scans } = (await (await fetch(`${h.scanner.url}/v1/findings?pipelineRunId=${encodeURIComponent(run)}`)).json()) as any;
    expect(scans.flatMap((s: any) => s.findings.map((f: any) => f.ruleId)).sort()).toContain('TG-TF-001');
    const leases = (await (await fetch(`${broker.url}/v1/runs/${encodeURIComponent(run)}/leases`)).json()) as any;
    expect(leases.leases.filter((l: any) => l.kind === 'secret').map((l: any) => [l.engine, l.path, l.secretName])).toEqual([['kv', 'kv/git/pumps-firmware', 'git-pumps']]);

    const everything = [JSON.stringify(scans), JSON.stringify(await h.events('ARTIFACT')), JSON.stringify(await h.events('SECURITY')), h.logLines.join('\n'), broker.output()].join('\n');
    expect(everything).not.toContain(gitPassword);
  });

  it('builds the SBOM of an artifact from its private repository with the SBOM builder\'s own lease', async () => {
    const run = 'https://ci.example.internal/job/pumps/job/firmware/32/';
    const digest = `sha256:${'c'.repeat(64)}`;
    await h.publish(
      buildEvent('artifact.packaged', {
        source: '/ci/jenkins',
        subjectId: 'pkg:generic/pump-firmware-ui@1.0.0',
        pipelineRunId: run,
        artifactDigest: digest,
        content: { change: { id: commits.firmware, source: `${gitUrl}/pumps/firmware.git` } },
      }),
    );
    const generated = await eventually(async () => (await h.events('ARTIFACT')).find((e) => e.pipelinerunid === run && e.type.includes('sbom.generated')), 'sbom.generated');
    expect(generated.data.subject.content).toMatchObject({ componentCount: 1, componentsByEcosystem: { npm: 1 } });
    const sbom = (await (await fetch(`${h.sbomBuilder.url}/v1/artifacts/${digest}/sbom`)).json()) as any;
    expect(sbom.components.map((c: any) => c.purl)).toEqual(['pkg:npm/ms@2.1.3']);
    const leases = (await (await fetch(`${broker.url}/v1/runs/${encodeURIComponent(run)}/leases`)).json()) as any;
    expect(leases.leases.filter((l: any) => l.kind === 'secret').map((l: any) => [l.role, l.path])).toEqual([['tollgate-sbom-builder', 'kv/git/pumps-firmware']]);
    expect(h.sbomBuilder.output()).not.toContain(gitPassword);
  });

  it('fails the scans, naming the refusal, when the broker will not give the repository a credential', async () => {
    const run = 'https://ci.example.internal/job/pumps/job/firmware-legacy/4/';
    await start(run, `${gitUrl}/pumps-legacy/firmware.git`, commits.legacy);

    const events = await eventually(async () => ((await scansOf(run)).length === 2 ? scansOf(run) : undefined), 'two scan events');
    for (const event of events) {
      expect(event.type).toContain('tollgate-scan.failed');
      expect(event.data.subject.content).toMatchObject({ code: 'SOURCE_UNAVAILABLE', reason: expect.stringContaining('role tollgate-scanner has no secret named "git-legacy"') });
    }
  });
});
