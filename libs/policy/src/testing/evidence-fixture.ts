import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseEvidence, type EvidenceFinding, type GateEvidence } from '../evidence/gate-evidence.schema';
import { applyMergePatch } from '../pack-tests/merge-patch';

/** The default pack's own clean-build evidence: one base for the specs too. */
export const CLEAN_EVIDENCE_FILE = join(__dirname, '..', '..', 'packs', 'tollgate-default.tests', 'clean-evidence.yaml');

export function cleanEvidence(): GateEvidence {
  return parseEvidence(parse(readFileSync(CLEAN_EVIDENCE_FILE, 'utf8')));
}

/** Clean evidence with an RFC 7386 merge patch applied (arrays replace), validated. */
export function evidenceWith(patch: Record<string, unknown>): GateEvidence {
  return parseEvidence(applyMergePatch(cleanEvidence(), patch));
}

/** A finding with the fields every finding has; override what the case is about. */
export function finding(overrides: Partial<EvidenceFinding> & Pick<EvidenceFinding, 'kind' | 'severity'>): EvidenceFinding {
  return {
    ruleId: `TEST-${overrides.kind}-${overrides.severity}`,
    scanner: `tollgate-${overrides.kind}`,
    message: `a ${overrides.severity} ${overrides.kind} finding`,
    fingerprint: `${overrides.kind}-${overrides.severity}-${overrides.ruleId ?? 'x'}`.padEnd(16, '0'),
    ...overrides,
  };
}

export const NOW = new Date('2025-06-01T12:00:00Z');
