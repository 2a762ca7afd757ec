import { evaluate } from '../evaluate/evaluate';
import { gateReasons } from '../evaluate/gate-reasons';
import { defaultPolicyPack } from '../pack/load-policy-pack';
import { evidenceWith, finding, NOW } from '../testing/evidence-fixture';
import { parseWaiver } from '../waivers/waiver.schema';
import { decisionAuditEntry, waiverCreatedAuditEntry } from './decision-audit-entry';

const waiver = parseWaiver({
  id: 'WVR-9',
  ruleId: 'iac-critical',
  scope: { fingerprint: 'fp-open-port' },
  reason: 'port closed by the network policy in front of it',
  approver: 'netsec@acme.example',
  expiresAt: '2025-09-01T00:00:00Z',
  reference: 'INC0012345',
  createdAt: '2025-05-01T00:00:00Z',
});
const evidence = evidenceWith({
  findings: [
    finding({ kind: 'iac', severity: 'critical', ruleId: 'TG-TF-006', fingerprint: 'fp-open-port', location: { path: 'infra/sg.tf', startLine: 9 } }),
    finding({ kind: 'secret', severity: 'high', ruleId: 'gh-token', location: { path: '.env', startLine: 1 } }),
  ],
});
const decision = evaluate(defaultPolicyPack(), evidence, { now: NOW, waivers: [waiver] });

describe(decisionAuditEntry.name, () => {
  it("makes one chain entry per decision that survives the audit log's JSON round trip unchanged", () => {
    const entry = decisionAuditEntry(decision);
    expect(entry).toMatchObject({ kind: 'gate.decision', pipelineRunId: decision.pipelineRunId, subject: decision.artifactDigest, actor: 'policy-engine' });
    expect(JSON.parse(JSON.stringify(entry.detail))).toEqual({ decision });
  });
});

describe(waiverCreatedAuditEntry.name, () => {
  it('records who created which waiver', () => {
    expect(waiverCreatedAuditEntry(waiver, 'alice@acme.example')).toEqual({ kind: 'waiver.created', actor: 'alice@acme.example', subject: 'waiver:WVR-9', detail: { waiver } });
  });
});

describe(gateReasons.name, () => {
  it('names each open violation with rule, place and fix, and each waiver used', () => {
    expect(gateReasons(decision)).toEqual([
      expect.stringMatching(/^\[secret-exposed\] Exposed secret \(gh-token\) at \.env:1: .*; fix: Revoke and rotate/),
      '[iac-critical] waived by WVR-9 (approved by netsec@acme.example, INC0012345, until 2025-09-01T00:00:00Z): TG-TF-006 a critical iac finding at infra/sg.tf:9',
    ]);
  });

  it('bounds the list and says how many more there are', () => {
    const reasons = gateReasons(decision, 1);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^… and 2 more in decision sha256:/);
  });
});
