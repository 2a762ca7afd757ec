import { PolicyInputError } from '../policy.error';
import { cleanEvidence, finding } from '../testing/evidence-fixture';
import { evidenceDigest } from './evidence-digest';
import { parseEvidence } from './gate-evidence.schema';

describe(parseEvidence.name, () => {
  it('accepts evidence so far: no credentials, SBOM or signature yet', () => {
    const { credentials: _c, sbom: _s, signature: _g, ...partial } = cleanEvidence();
    expect(parseEvidence(partial)).toEqual(partial);
  });

  it('refuses malformed evidence with every issue by field path', () => {
    const evidence = { ...cleanEvidence(), artifactDigest: 'sha256:XYZ', findings: [{ ...finding({ kind: 'iac', severity: 'urgent' as 'high' }) }], extra: 1 };
    let error: PolicyInputError | undefined;
    try {
      parseEvidence(evidence);
    } catch (e) {
      error = e as PolicyInputError;
    }
    expect(error).toBeInstanceOf(PolicyInputError);
    expect(error!.code).toBe('EVIDENCE_INVALID');
    expect(error!.issues.map((i) => i.path).sort()).toEqual(['', 'artifactDigest', 'findings[0].severity']);
  });
});

describe(evidenceDigest.name, () => {
  it('is a sha256 of the canonical evidence, independent of the order lists arrived in', () => {
    const evidence = { ...cleanEvidence(), findings: [finding({ kind: 'iac', severity: 'high', ruleId: 'A' }), finding({ kind: 'secret', severity: 'low', ruleId: 'B' })] };
    const reordered = { ...evidence, findings: [...evidence.findings].reverse(), scans: [...evidence.scans].reverse() };
    expect(evidenceDigest(evidence)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(evidenceDigest(reordered)).toBe(evidenceDigest(evidence));
    expect(evidenceDigest({ ...evidence, findings: evidence.findings.slice(1) })).not.toBe(evidenceDigest(evidence));
  });
});
