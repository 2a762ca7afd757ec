import { evaluate } from '../evaluate/evaluate';
import { defaultPolicyPack } from '../pack/load-policy-pack';
import { PolicyInputError } from '../policy.error';
import { evidenceWith, finding, NOW } from '../testing/evidence-fixture';
import { purlInScope } from './purl-scope';
import { WaiverMatcher } from './waiver-matcher';
import { parseWaiver, type Waiver } from './waiver.schema';

const pack = defaultPolicyPack();
const vulnerable = evidenceWith({
  findings: [
    finding({ kind: 'vulnerability', severity: 'critical', ruleId: 'GHSA-1', fingerprint: 'fp-lodash-ghsa-1', properties: { purl: 'pkg:npm/lodash@4.17.20' } }),
    finding({ kind: 'vulnerability', severity: 'critical', ruleId: 'GHSA-2', fingerprint: 'fp-minimist-ghsa-2', properties: { purl: 'pkg:npm/minimist@1.2.5' } }),
  ],
});

function waiver(overrides: Partial<Waiver> & { scope: Waiver['scope'] }): Waiver {
  return parseWaiver({
    id: 'WVR-7',
    ruleId: 'vulnerability-critical',
    reason: 'the vulnerable function is never called; compensating WAF rule',
    approver: 'appsec@acme.example',
    expiresAt: '2025-07-01T00:00:00Z',
    reference: 'CHG0040001',
    createdAt: '2025-05-01T00:00:00Z',
    ...overrides,
  });
}

function decide(...waivers: Waiver[]) {
  return evaluate(pack, vulnerable, { now: NOW, waivers });
}

describe(WaiverMatcher.name, () => {
  it('waives every violation its scope covers, keeps them in the decision marked waived, and passes', () => {
    const decision = decide(waiver({ id: 'WVR-1', scope: { repository: 'acme/pump-backend', component: 'pkg:npm/lodash' } }), waiver({ id: 'WVR-2', scope: { fingerprint: 'fp-minimist-ghsa-2' } }));
    expect(decision.verdict).toBe('pass');
    const rule = decision.rules.find((r) => r.id === 'vulnerability-critical')!;
    expect(rule.outcome).toBe('pass');
    expect(rule.violations.map((v) => v.waived?.waiverId).sort()).toEqual(['WVR-1', 'WVR-2']);
    expect(rule.violations[0].waived).toMatchObject({ approver: 'appsec@acme.example', expiresAt: '2025-07-01T00:00:00Z', reference: 'CHG0040001' });
    expect(decision.waivers.applied.map((a) => [a.waiverId, a.violations])).toEqual([
      ['WVR-1', 1],
      ['WVR-2', 1],
    ]);
  });

  it('still fails when a waiver covers only some of a rule’s violations', () => {
    const decision = decide(waiver({ scope: { component: 'pkg:npm/lodash@4.17.20' } }));
    expect(decision.verdict).toBe('fail');
    expect(decision.rules.find((r) => r.id === 'vulnerability-critical')!.violations.filter((v) => v.waived)).toHaveLength(1);
  });

  it('does not apply an expired waiver and says so', () => {
    const decision = decide(waiver({ scope: { component: 'pkg:npm/lodash' }, expiresAt: '2025-06-01T12:00:00Z' }));
    expect(decision.verdict).toBe('fail');
    expect(decision.waivers).toEqual({
      applied: [],
      notApplied: [{ waiverId: 'WVR-7', ruleId: 'vulnerability-critical', reason: 'expired', detail: 'expired at 2025-06-01T12:00:00Z, evaluated at 2025-06-01T12:00:00.000Z' }],
    });
  });

  it('does not apply a waiver created after the evaluation time', () => {
    const decision = decide(waiver({ scope: { component: 'pkg:npm/lodash' }, createdAt: '2025-06-02T00:00:00Z' }));
    expect(decision.waivers.notApplied[0]).toMatchObject({ reason: 'not-yet-valid' });
  });

  it('does not apply a waiver out of scope, naming the field that did not match', () => {
    const otherRepo = decide(waiver({ id: 'WVR-A', scope: { repository: 'acme/other', component: 'pkg:npm/lodash' } }));
    const otherComponent = decide(waiver({ id: 'WVR-B', scope: { repository: 'acme/pump-backend', component: 'pkg:npm/lodash-es' } }));
    const otherArtifact = decide(waiver({ id: 'WVR-C', scope: { artifactDigest: `sha256:${'0'.repeat(64)}` } }));
    for (const decision of [otherRepo, otherComponent, otherArtifact]) expect(decision.verdict).toBe('fail');
    expect(otherRepo.waivers.notApplied[0]).toEqual({ waiverId: 'WVR-A', ruleId: 'vulnerability-critical', reason: 'out-of-scope', detail: "scope repository acme/other does not match the evidence's acme/pump-backend" });
    expect(otherComponent.waivers.notApplied[0]).toMatchObject({ reason: 'out-of-scope', detail: "scope component pkg:npm/lodash-es matches none of the rule's violations" });
    expect(otherArtifact.waivers.notApplied[0]).toMatchObject({ reason: 'out-of-scope', detail: expect.stringContaining('scope artifactDigest sha256:0000') });
  });

  it('lists a waiver for another rule, or for a rule that found nothing, as not applied', () => {
    const decision = decide(waiver({ id: 'WVR-X', ruleId: 'no-such-rule', scope: { component: 'pkg:npm/lodash' } }), waiver({ id: 'WVR-Y', ruleId: 'secret-exposed', scope: { repository: 'acme/pump-backend' } }));
    expect(decision.waivers.notApplied.map((w) => [w.waiverId, w.reason])).toEqual([
      ['WVR-X', 'unknown-rule'],
      ['WVR-Y', 'no-violation'],
    ]);
  });
});

describe(parseWaiver.name, () => {
  it('refuses a waiver without a scope, or expiring before it was created', () => {
    expect(() => waiver({ scope: {} })).toThrow(PolicyInputError);
    expect(() => waiver({ scope: { repository: 'acme/x' }, expiresAt: '2025-04-01T00:00:00Z' })).toThrow(/expiresAt: expiresAt must be after createdAt/);
  });

  it('refuses a waiver missing its approver or reference', () => {
    const { approver: _a, reference: _r, ...partial } = waiver({ scope: { repository: 'acme/x' } });
    expect(() => parseWaiver(partial)).toThrow(/approver: .*reference: /);
  });
});

describe(purlInScope.name, () => {
  it('matches a purl exactly, any version without one, a namespace prefix, across percent-encoding', () => {
    expect(purlInScope('pkg:npm/lodash@4.17.20', 'pkg:npm/lodash@4.17.20')).toBe(true);
    expect(purlInScope('pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.20')).toBe(false);
    expect(purlInScope('pkg:npm/lodash', 'pkg:npm/lodash@4.17.20?arch=x')).toBe(true);
    expect(purlInScope('pkg:npm/lodash', 'pkg:npm/lodash-es@4.17.20')).toBe(false);
    expect(purlInScope('pkg:npm/@acme/', 'pkg:npm/%40acme/telemetry@2.3.0')).toBe(true);
    expect(purlInScope('pkg:npm/@acme/telemetry', 'pkg:npm/%40acme/telemetry@2.3.0')).toBe(true);
    expect(purlInScope('pkg:npm/@acme/', 'pkg:npm/%40other/telemetry@2.3.0')).toBe(false);
  });
});
