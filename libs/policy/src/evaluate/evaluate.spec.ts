import { defaultPolicyPack } from '../pack/load-policy-pack';
import { parsePolicyPack } from '../pack/parse-policy-pack';
import { cleanEvidence, evidenceWith, finding, NOW } from '../testing/evidence-fixture';
import { MISSING_EVIDENCE_RULE_ID } from './decision';
import { decisionForMissing, evaluate } from './evaluate';
import { missingEvidence } from './missing-evidence';

const pack = defaultPolicyPack();

const blocking: Array<[string, Record<string, unknown>, RegExp]> = [
  ['iac-critical', { findings: [finding({ kind: 'iac', severity: 'critical', ruleId: 'TG-TF-001', message: 'S3 bucket ACL grants public access', location: { path: 'infra/s3.tf', startLine: 4 }, fix: 'set acl = "private"' })] }, /TG-TF-001 S3 bucket ACL grants public access at infra\/s3\.tf:4/],
  ['secret-exposed', { findings: [finding({ kind: 'secret', severity: 'medium', location: { path: 'src/app.ts', startLine: 3 } })] }, /^Exposed secret \(TEST-secret-medium\) at src\/app\.ts:3/],
  ['vulnerability-critical', { findings: [finding({ kind: 'vulnerability', severity: 'critical', ruleId: 'GHSA-aaaa-bbbb-cccc' })] }, /^Critical vulnerability GHSA-aaaa-bbbb-cccc/],
  ['vulnerability-known-exploited', { findings: [finding({ kind: 'vulnerability', severity: 'medium', ruleId: 'GHSA-kev', properties: { aliases: 'CVE-2023-44487' } })] }, /^Known-exploited vulnerability GHSA-kev, CVE-2023-44487: /],
  ['signature-invalid', { signature: { verified: false, failure: { code: 'KEY_UNTRUSTED', message: 'key hint "x/1" is not in the trust policy' }, predicateTypes: [] } }, /KEY_UNTRUSTED key hint "x\/1"/],
  ['provenance-missing', { signature: { predicateTypes: ['https://cyclonedx.org/bom'] } }, /^No SLSA provenance for sha256:/],
  ['credentials-denied', { credentials: { outcome: 'denied', category: 'backend-unavailable', reason: 'secrets backend unreachable' } }, /\(backend-unavailable\): secrets backend unreachable$/],
  ['scan-failed', { scans: [{ scanner: 'tollgate-iac', kind: 'iac', status: 'completed' }, { scanner: 'tollgate-secrets', kind: 'secret', status: 'failed', failureCode: 'CRASHED' }, { scanner: 'tollgate-osv', kind: 'vulnerability', status: 'completed' }] }, /^The secret scan by tollgate-secrets failed \(CRASHED\)$/],
];

const warning: Array<[string, Record<string, unknown>]> = [
  ['iac-high', { findings: [finding({ kind: 'iac', severity: 'high' })] }],
  ['iac-medium', { findings: [finding({ kind: 'iac', severity: 'medium' })] }],
  ['vulnerability-high', { findings: [finding({ kind: 'vulnerability', severity: 'high' })] }],
  ['code-finding', { findings: [finding({ kind: 'code', severity: 'critical' })] }],
  ['license-denied', { sbom: { components: [{ purl: 'pkg:npm/a@1.0.0', name: 'a', version: '1.0.0', ecosystem: 'npm', licenses: ['AGPL-3.0-only'], scope: 'required' }] } }],
  ['license-unknown', { sbom: { components: [{ purl: 'pkg:npm/a@1.0.0', name: 'a', version: '1.0.0', ecosystem: 'npm', licenses: ['Proprietary'], scope: 'optional' }] } }],
];

describe(evaluate.name, () => {
  it('passes clean evidence with every rule passing and records the pack it used', () => {
    const decision = evaluate(pack, cleanEvidence(), { now: NOW });
    expect(decision).toMatchObject({ verdict: 'pass', blockingFailures: [], warnings: [], missingEvidence: [], policy: pack.pin, evaluatedAt: '2025-06-01T12:00:00.000Z' });
    expect(decision.rules.every((r) => r.outcome === 'pass' && r.violations.length === 0)).toBe(true);
    expect(decision.rules.map((r) => r.id)).toEqual([...pack.rules.map((r) => r.id)].sort());
  });

  it.each(blocking)('fails on %s, naming the item, with a fix', (ruleId, patch, message) => {
    const decision = evaluate(pack, evidenceWith(patch), { now: NOW });
    expect(decision.verdict).toBe('fail');
    expect(decision.blockingFailures).toEqual([ruleId]);
    const rule = decision.rules.find((r) => r.id === ruleId)!;
    expect(rule.violations).toHaveLength(1);
    expect(rule.violations[0].message).toMatch(message);
    expect(rule.violations[0].fix.length).toBeGreaterThan(10);
    expect(rule.violations[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(warning)('only warns on %s', (ruleId, patch) => {
    const decision = evaluate(pack, evidenceWith(patch), { now: NOW });
    expect(decision).toMatchObject({ verdict: 'pass', blockingFailures: [], warnings: [ruleId] });
  });

  it('carries a finding location and summary into the violation', () => {
    const decision = evaluate(pack, evidenceWith(blocking[0][1]), { now: NOW });
    const [violation] = decision.rules.find((r) => r.id === 'iac-critical')!.violations;
    expect(violation).toMatchObject({ location: { path: 'infra/s3.tf', startLine: 4 }, fix: 'set acl = "private"', item: { type: 'finding', ruleId: 'TG-TF-001', scanner: 'tollgate-iac', severity: 'critical' } });
  });

  it('finds the component behind an item of the full component list', () => {
    const byName = parsePolicyPack(
      ['name: p', 'version: 1.0.0', 'description: d', 'rules:', '  - { id: no-pg, severity: high, description: d, each: "evidence.sbom.components.filter(c, c.name == \\"pg\\")", message: "{{item.purl}} ({{item.licenseVerdict}})", remediation: r }', ''].join('\n'),
      'p.yaml',
    );
    const [rule] = evaluate(byName, cleanEvidence(), { now: NOW }).rules;
    expect(rule.violations).toEqual([
      expect.objectContaining({ message: 'pkg:npm/pg@8.13.1 (allowed)', item: { type: 'component', purl: 'pkg:npm/pg@8.13.1', licenses: ['MIT'], licenseVerdict: 'allowed' } }),
    ]);
  });

  it('gives byte-identical JSON for the same evidence, whatever order its lists arrive in and with duplicates', () => {
    const base = evidenceWith({
      findings: [finding({ kind: 'iac', severity: 'critical', ruleId: 'A' }), finding({ kind: 'iac', severity: 'high', ruleId: 'B' }), finding({ kind: 'secret', severity: 'high', ruleId: 'C' })],
    });
    const shuffled = { ...base, findings: [base.findings[2], base.findings[0], base.findings[1], base.findings[0]], scans: [...base.scans].reverse(), sbom: { ...base.sbom!, components: [...base.sbom!.components].reverse() } };
    const first = JSON.stringify(evaluate(pack, base, { now: NOW }));
    expect(JSON.stringify(evaluate(pack, base, { now: NOW }))).toBe(first);
    expect(JSON.stringify(evaluate(pack, shuffled, { now: NOW }))).toBe(first);
  });

  it('fails closed, with the error, when a blocking rule cannot be evaluated', () => {
    const strict = parsePolicyPack(
      ['name: strict', 'version: 0.1.0', 'description: d', 'rules:', '  - id: repo-known', '    severity: critical', '    description: d', '    when: evidence.repository.startsWith("acme/")', '    message: m', '    remediation: r', ''].join('\n'),
      'strict.yaml',
    );
    const { repository: _repository, ...withoutRepository } = cleanEvidence();
    const decision = evaluate(strict, withoutRepository, { now: NOW });
    expect(decision.verdict).toBe('fail');
    expect(decision.rules[0]).toMatchObject({ outcome: 'fail', violations: [], error: expect.stringContaining('field not found: repository') });
  });

  it('fails closed without running rules when required evidence is missing', () => {
    const { signature: _signature, ...unsigned } = cleanEvidence();
    const decision = evaluate(pack, { ...unsigned, scans: [] }, { now: NOW });
    expect(decision).toMatchObject({ verdict: 'fail', blockingFailures: [MISSING_EVIDENCE_RULE_ID] });
    expect(decision.missingEvidence).toEqual(['signature verification', 'scan (kind iac)', 'scan (kind secret)', 'scan (kind vulnerability)']);
    expect(decision.rules).toHaveLength(1);
  });
});

describe(missingEvidence.name, () => {
  it('lists nothing for complete evidence, and counts a failed scan as arrived', () => {
    expect(missingEvidence(pack, cleanEvidence())).toEqual([]);
    const failed = evidenceWith({ scans: [{ scanner: 'tollgate-iac', kind: 'iac', status: 'failed' }, { scanner: 'tollgate-secrets', kind: 'secret', status: 'completed' }, { scanner: 'tollgate-osv', kind: 'vulnerability', status: 'completed' }] });
    expect(missingEvidence(pack, failed)).toEqual([]);
  });

  it('names each missing piece in the pack order, scans by kind and scanner', () => {
    const byScanner = parsePolicyPack(
      ['name: p', 'version: 1.0.0', 'description: d', 'requiredEvidence: { credentials: true, sbom: true, scans: [{ scanner: trivy, kind: vulnerability }] }', 'rules:', '  - { id: r, severity: low, description: d, when: "false", message: m, remediation: r }', ''].join('\n'),
      'p.yaml',
    );
    const { credentials: _c, sbom: _s, ...bare } = cleanEvidence();
    expect(missingEvidence(byScanner, bare).map((m) => [m.kind, m.label])).toEqual([
      ['credentials', 'credentials outcome'],
      ['sbom', 'SBOM'],
      ['scan', 'scan (kind vulnerability, scanner trivy)'],
    ]);
  });
});

describe(decisionForMissing.name, () => {
  it('fails naming what is missing, with a fix for each', () => {
    const { credentials: _c, ...partial } = cleanEvidence();
    const decision = decisionForMissing(pack, missingEvidence(pack, partial), { now: NOW, evidence: partial });
    expect(decision).toMatchObject({ verdict: 'fail', missingEvidence: ['credentials outcome'], blockingFailures: [MISSING_EVIDENCE_RULE_ID] });
    expect(decision.rules[0].violations[0]).toMatchObject({ message: 'required evidence missing: credentials outcome', fix: expect.stringContaining('credential broker') });
  });

  it('refuses to make a decision when nothing is missing', () => {
    expect(() => decisionForMissing(pack, [], { now: NOW, evidence: cleanEvidence() })).toThrow(TypeError);
  });
});
