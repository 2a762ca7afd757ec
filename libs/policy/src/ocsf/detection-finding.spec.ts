import { evaluate } from '../evaluate/evaluate';
import { defaultPolicyPack } from '../pack/load-policy-pack';
import { parsePolicyPack } from '../pack/parse-policy-pack';
import { cleanEvidence, evidenceWith, finding, NOW } from '../testing/evidence-fixture';
import { detectionFindingOf } from './detection-finding';

const pack = defaultPolicyPack();
const options = { productName: 'tollgate', productVersion: '0.1.0', vendorName: 'Tollgate', time: NOW };
const leaked = evidenceWith({ findings: [finding({ kind: 'secret', severity: 'high', ruleId: 'aws-access-key', location: { path: 'deploy/env.sh', startLine: 2 } })] });

describe(detectionFindingOf.name, () => {
  it('builds an OCSF 1.8 Detection Finding for a failure of critical severity', () => {
    const decision = evaluate(pack, leaked, { now: NOW });
    const event = detectionFindingOf(decision, leaked, options)!;
    expect(event).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: 5,
      severity: 'Critical',
      time: NOW.getTime(),
      status_id: 1,
      is_alert: true,
      metadata: { version: '1.8.0', product: { name: 'tollgate', vendor_name: 'Tollgate', version: '0.1.0' }, correlation_uid: 'jenkins/pump-backend/412' },
      finding_info: { types: ['supply-chain', 'secret-exposed'], analytic: { uid: pack.pin.digest, name: 'tollgate-default', type_id: 1 } },
      resources: [{ uid: decision.artifactDigest, type: 'artifact', name: 'acme/pump-backend' }],
    });
    expect(event.type_uid).toBe(event.class_uid * 100 + event.activity_id);
    expect(event.finding_info.uid).toMatch(/^tollgate-[0-9a-f]{32}$/);
    expect(event.finding_info.title).toContain('secret-exposed');
    expect(event.finding_info.desc).toMatch(/^\[secret-exposed\] Exposed secret \(aws-access-key\) at deploy\/env\.sh:2: .*\. Fix: Revoke and rotate/);
    expect(event.evidences).toEqual([
      expect.objectContaining({ file: { name: 'env.sh', path: 'deploy/env.sh', type_id: 1, type: 'Regular File' }, data: expect.objectContaining({ rule: 'secret-exposed', location: { path: 'deploy/env.sh', startLine: 2 } }) }),
    ]);
  });

  it('gives the same finding uid for the same run, artifact and policy, so a replay de-duplicates', () => {
    const first = detectionFindingOf(evaluate(pack, leaked, { now: NOW }), leaked, options)!;
    const replay = detectionFindingOf(evaluate(pack, leaked, { now: new Date('2025-06-02T00:00:00Z') }), leaked, { ...options, time: new Date('2025-06-02T00:00:00Z') })!;
    const otherRun = { ...leaked, pipelineRunId: 'jenkins/pump-backend/413' };
    expect(replay.finding_info.uid).toBe(first.finding_info.uid);
    expect(detectionFindingOf(evaluate(pack, otherRun, { now: NOW }), otherRun, options)!.finding_info.uid).not.toBe(first.finding_info.uid);
  });

  it('builds nothing for a pass, or for a failure of no critical rule', () => {
    expect(detectionFindingOf(evaluate(pack, cleanEvidence(), { now: NOW }), cleanEvidence(), options)).toBeUndefined();
    const strictHigh = parsePolicyPack(
      ['name: high', 'version: 1.0.0', 'description: d', 'rules:', '  - { id: no-high-iac, severity: high, blocking: true, description: d, each: "evidence.findings.filter(f, f.severity == \\"high\\")", message: m, remediation: r }', ''].join('\n'),
      'high.yaml',
    );
    const highIac = evidenceWith({ findings: [finding({ kind: 'iac', severity: 'high' })] });
    const decision = evaluate(strictHigh, highIac, { now: NOW });
    expect(decision.verdict).toBe('fail');
    expect(detectionFindingOf(decision, highIac, options)).toBeUndefined();
  });
});
