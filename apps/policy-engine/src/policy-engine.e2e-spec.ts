/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICY_PACK_FILE } from '@tollgate/policy';
import { verifyAuditChain } from '@tollgate/audit';
import { run as runCli } from '@tollgate/event-client';
import { JENKINS, startPipelineHarness, type PipelineHarness } from './testing/pipeline-harness';
import { eventually } from '@tollgate/testing';

const digestOf = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const lockWithMs = (version: string) =>
  JSON.stringify({
    name: 'pump-ui',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'pump-ui', version: '1.0.0', license: 'MIT', dependencies: { ms: version } }, 'node_modules/ms': { version, license: 'MIT' } },
  });
const CRITICAL_MS = {
  schema_version: '1.6.0',
  id: 'GHSA-tg09-crit-msms',
  modified: '2026-11-01T00:00:00Z',
  summary: 'Remote code execution in ms (test advisory)',
  affected: [{ package: { ecosystem: 'npm', name: 'ms' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
  database_specific: { severity: 'CRITICAL' },
};
const PUBLIC_BUCKET = 'resource "aws_s3_bucket" "telemetry" {\n  bucket = "pump-telemetry-exports"\n  acl    = "public-read"\n}\n';
const DEADLINE_SECONDS = 25;


describe('policy-engine (end to end with the broker, SBOM builder, signer and scanner runner as real processes)', () => {
  let h: PipelineHarness;
  let n = 0;
  const runOf = () => `${JENKINS}/job/pumps/job/pump-ui/${++n}/`;
  const api = (path: string, init?: RequestInit) => fetch(`${h.engine.url}${path}`, init);
  const gateEvents = async (run: string) => (await h.events('GATE')).filter((e) => e.pipelinerunid === run && /gate\.(passed|failed)/.test(e.type));
  const breaches = async (run: string) => (await h.events('SECURITY')).filter((e) => e.pipelinerunid === run && e.type.includes('security.breach'));
  const decided = (run: string) => eventually(async () => ((await gateEvents(run)).length ? (await gateEvents(run))[0] : undefined), `the gate of ${run}`);
  const signed = (digest: string) => eventually(async () => ((await h.events('ARTIFACT')).some((e) => e.type.includes('artifact.signed') && e.artifactdigest === digest) ? true : undefined), `artifact.signed for ${digest}`);

  /** A build of `files` through every service; credentials exchanged once the artifact is signed. */
  async function pipeline(label: string, files: Record<string, string>, options: { deny?: boolean; beforeCredentials?: (digest: string) => Promise<void> } = {}) {
    const run = runOf();
    const digest = digestOf(label);
    await h.build(run, h.repository(label, files), digest);
    await signed(digest);
    await options.beforeCredentials?.(digest);
    const status = await h.exchangeCredentials(run, { deny: options.deny });
    expect(status).toBe(options.deny ? 403 : 200);
    return { run, digest, event: await decided(run) };
  }

  beforeAll(async () => {
    h = await startPipelineHarness({ osvRecords: [CRITICAL_MS], deadlineSeconds: DEADLINE_SECONDS });
  });
  afterAll(async () => h?.close());

  it('passes a clean build, records the decision, and the signer issues its VSA', async () => {
    const { run, digest, event } = await pipeline('clean', { 'README.md': '# pump ui\n', 'package-lock.json': lockWithMs('2.1.3') });
    expect(event.type).toContain('gate.passed');
    expect(event.data.subject.content.policy).toMatchObject({ name: 'tollgate-default', version: '1.0.0', digest: expect.stringMatching(/^sha256:/) });
    const { gates } = (await (await api(`/v1/gates/${encodeURIComponent(run)}`)).json()) as any;
    expect(gates).toEqual([expect.objectContaining({ artifactDigest: digest, status: 'passed', decision: expect.objectContaining({ verdict: 'pass', blockingFailures: [] }) })]);
    await eventually(async () => ((await h.events('ARTIFACT')).some((e) => e.type.includes('vsa.issued') && e.artifactdigest === digest) ? true : undefined), 'vsa.issued');
    expect(await breaches(run)).toEqual([]);
  });

  it.each([
    ['a public bucket', { 'infra/main.tf': PUBLIC_BUCKET, 'package-lock.json': lockWithMs('2.1.3') }, 'iac-critical', /TG-TF-001.*infra\/main\.tf:3/],
    ['a leaked key', { 'deploy/signing.key': generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string, 'package-lock.json': lockWithMs('2.1.3') }, 'secret-exposed', /deploy\/signing\.key:1/],
    ['a critical vulnerability', { 'package-lock.json': lockWithMs('1.0.0') }, 'vulnerability-critical', /GHSA-tg09-crit-msms.*pkg:npm\/ms@1\.0\.0/],
  ])('fails a build with %s, naming the rule, and raises one OCSF breach to the SOC', async (label, files, rule, reason) => {
    const { run, digest, event } = await pipeline(label.replace(/ /g, '-'), files as Record<string, string>);
    expect(event.type).toContain('gate.failed');
    expect(event.data.customData.decision.blockingFailures).toEqual([rule]);
    expect(event.data.subject.content.reasons.join('\n')).toMatch(reason);
    const [breach] = await eventually(async () => ((await breaches(run)).length ? breaches(run) : undefined), 'security.breach');
    expect(breach.data.customData.ocsf).toMatchObject({ class_uid: 2004, category_uid: 2, type_uid: 200401, severity_id: 5 });
    const delivered = await eventually(async () => {
      const found = h.socDeliveries.filter((d) => d.finding_info.uid === breach.data.customData.ocsf.finding_info.uid);
      return found.length ? found : undefined;
    }, 'the SOC webhook delivery');
    expect(delivered).toHaveLength(1);
    expect(JSON.stringify(delivered[0])).toContain(digest);
  });

  it('fails a build whose signature was tampered with after signing', async () => {
    const { event } = await pipeline('tampered', { 'package-lock.json': lockWithMs('2.1.3') }, {
      beforeCredentials: async (digest) => {
        const [row] = await h.query(`SELECT bundle_digest, bundle_json FROM ${h.schemas.signer}.signer_bundle WHERE artifact_digest = $1 AND predicate_type = 'https://slsa.dev/provenance/v1'`, [digest]);
        const bundle = JSON.parse(row.bundle_json);
        const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
        statement.predicate.buildDefinition.externalParameters.ref = 'refs/heads/attacker';
        bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
        await h.query(`UPDATE ${h.schemas.signer}.signer_bundle SET bundle_json = $2 WHERE bundle_digest = $1`, [row.bundle_digest, JSON.stringify(bundle)]);
      },
    });
    expect(event.type).toContain('gate.failed');
    expect(event.data.customData.decision.blockingFailures).toEqual(['signature-invalid']);
    expect(event.data.subject.content.reasons.join('\n')).toContain('SIGNATURE_INVALID');
  });

  it('fails a build whose credentials were denied', async () => {
    const { run, event } = await pipeline('denied', { 'package-lock.json': lockWithMs('2.1.3') }, { deny: true });
    expect(event.type).toContain('gate.failed');
    expect(event.data.customData.decision.blockingFailures).toEqual(['credentials-denied']);
    expect((await breaches(run)).length).toBe(1);
  });

  it('never changes a decision or raises a second breach when evidence is replayed, duplicated or late', async () => {
    const { run, digest, event } = await pipeline('replayed', { 'infra/main.tf': PUBLIC_BUCKET, 'package-lock.json': lockWithMs('2.1.3') });
    await eventually(async () => ((await breaches(run)).length ? true : undefined), 'the first breach');
    // Every evidence event of the run again, in reverse order, plus a credentials.issued that would have changed nothing anyway.
    const evidence = [...(await h.events('ARTIFACT')), ...(await h.events('CREDENTIALS'))].filter((e) => e.pipelinerunid === run && !/sbom\.generated$|artifact\.packaged/.test(e.type));
    for (const e of evidence.reverse()) {
      const id = `${e.id}-replayed`;
      await h.publish({ ...e, id, data: { ...e.data, context: { ...e.data.context, id } } });
    }
    await h.exchangeCredentials(run);
    await eventually(async () => {
      const [gate] = await h.query(`SELECT late_events FROM gate WHERE pipeline_run_id = $1`, [run]);
      return gate.late_events >= evidence.length ? true : undefined;
    }, 'late evidence counted');
    expect(await gateEvents(run)).toHaveLength(1);
    expect((await gateEvents(run))[0].id).toBe(event.id);
    expect(await breaches(run)).toHaveLength(1);
    const [gate] = await h.query(`SELECT status, decision FROM gate WHERE pipeline_run_id = $1 AND artifact_digest = $2`, [run, digest]);
    expect(gate.status).toBe('failed');
    // The decision log: intact, one decision entry for the gate, the replays recorded as late.
    const chain = await verifyAuditChain(h.db.dataSource);
    expect(chain.ok).toBe(true);
    const entries = await h.query(`SELECT kind FROM audit_entry WHERE pipeline_run_id = $1 ORDER BY seq`, [run]);
    expect(entries.filter((e) => e.kind === 'gate.decision')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'gate.late-evidence').length).toBeGreaterThanOrEqual(evidence.length);
    // Signed checkpoints of the log, checked with the public keys the signer publishes.
    await eventually(async () => ((await h.query('SELECT count(*)::int AS n FROM audit_checkpoint'))[0].n > 0 ? true : undefined), 'a signed checkpoint', 20_000);
    const keysFile = join(h.dir, 'keys.json');
    writeFileSync(keysFile, await (await fetch(`${h.processes.signer.url}/v1/keys`)).text());
    const out: string[] = [];
    const io = { stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => out.push(c) }, stdin: process.stdin, env: {} };
    expect(await runCli(['audit', 'verify', '--schema', h.db.schema, '--database-url', h.db.url, '--keys', keysFile], io)).toBe(0);
    expect(out.join('')).toMatch(/audit chain intact: \d+ entries[\s\S]*checkpoints verified: \d+ signed head/);
  });

  it('lets a waiver in scope pass the build and shows it used; an expired or out-of-scope one does not', async () => {
    const waive = async (digest: string, expiresAt: string) => {
      const res = await api('/v1/waivers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ruleId: 'iac-critical', scope: { artifactDigest: digest }, reason: 'bucket holds only public firmware notes', approver: 'quality@pumps', expiresAt, reference: 'CHG-1042' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as any).id as string;
    };
    const inScope = digestOf('waived');
    const waiverId = await waive(inScope, new Date(Date.now() + 3_600_000).toISOString());
    await waive(digestOf('some-other-artifact'), new Date(Date.now() + 3_600_000).toISOString());
    await waive(digestOf('waiver-expired'), new Date(Date.now() + 1_500).toISOString());
    await new Promise((r) => setTimeout(r, 2_000));

    const waived = await pipeline('waived', { 'infra/main.tf': PUBLIC_BUCKET, 'package-lock.json': lockWithMs('2.1.3') });
    expect(waived.event.type).toContain('gate.passed');
    expect(waived.event.data.subject.content.reasons.join('\n')).toContain(`waived by ${waiverId}`);
    const outOfScope = await pipeline('not-waived', { 'infra/main.tf': PUBLIC_BUCKET, 'package-lock.json': lockWithMs('2.1.3') });
    expect(outOfScope.event.type).toContain('gate.failed');
    const expired = await pipeline('waiver-expired', { 'infra/main.tf': PUBLIC_BUCKET, 'package-lock.json': lockWithMs('2.1.3') });
    expect(expired.event.type).toContain('gate.failed');
    const { gates } = (await (await api(`/v1/gates/${encodeURIComponent(expired.run)}`)).json()) as any;
    expect(gates[0].decision.waivers.notApplied).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'iac-critical', reason: 'expired' })]));
  });

  it('dry-runs the active pack over supplied evidence, storing and publishing nothing', async () => {
    const clean = parseYaml(readFileSync(join(dirname(DEFAULT_POLICY_PACK_FILE), 'tollgate-default.tests', 'clean-evidence.yaml'), 'utf8')) as any;
    const evaluate = (body: unknown) => api('/v1/gates/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const gatesBefore = await h.query('SELECT count(*)::int AS n FROM gate');
    const pass = await evaluate({ evidence: clean, now: '2026-12-01T00:00:00Z' });
    expect(pass.status).toBe(200);
    expect(await pass.json()).toMatchObject({ verdict: 'pass', blockingFailures: [] });
    const leaked = { ...clean, findings: [{ ruleId: 'secretlint/aws', scanner: 'tollgate-secrets', kind: 'secret', severity: 'critical', message: 'AWS access key', fingerprint: 'f'.repeat(64), location: { path: 'ci/deploy.sh', startLine: 4 } }] };
    const fail = (await (await evaluate({ evidence: leaked })).json()) as any;
    expect(fail).toMatchObject({ verdict: 'fail', blockingFailures: ['secret-exposed'] });
    const invalid = await evaluate({ evidence: { ...clean, artifactDigest: 'sha1:abc' } });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as any).error.issues.map((i: any) => i.path)).toEqual(['artifactDigest']);
    expect(await h.query('SELECT count(*)::int AS n FROM gate')).toEqual(gatesBefore);
  });

  it('refuses a malformed pack with its file, line and reason, keeping the previous pack active, and takes a good one', async () => {
    const file = h.packFile!;
    const before = (await (await api('/v1/policy')).json()) as any;
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('  - id: iac-critical\n    severity: critical', '  - id: iac-critical\n    severity: [critical'));
    const refusal = await eventually(async () => h.logLines.find((l) => l.includes('policy pack refused')), 'the refusal in the log');
    expect(JSON.parse(refusal).err).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    expect(((await (await api('/v1/policy')).json()) as any).digest).toBe(before.digest);

    writeFileSync(file, good.replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
    await eventually(async () => ((((await (await api('/v1/policy')).json()) as any).version === '1.0.1') ? true : undefined), 'the new pack');
  });

  it('fails closed at the deadline, naming the evidence that never came', async () => {
    const run = runOf();
    const digest = digestOf('no-credentials');
    await h.build(run, h.repository('no-credentials', { 'package-lock.json': lockWithMs('2.1.3') }), digest);
    const event = await eventually(async () => ((await gateEvents(run)).length ? (await gateEvents(run))[0] : undefined), 'the deadline', (DEADLINE_SECONDS + 30) * 1000);
    expect(event.type).toContain('gate.failed');
    expect(event.data.customData.decision.missingEvidence).toEqual(['credentials outcome']);
    expect(event.data.subject.content.reasons.join('\n')).toContain('credentials outcome');
  });
});
