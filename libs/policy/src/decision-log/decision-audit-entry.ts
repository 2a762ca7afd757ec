import type { AuditEntryInput } from '@tollgate/audit';
import type { Decision } from '../evaluate/decision';
import type { Waiver } from '../waivers/waiver.schema';

/**
 * The decision log is libs/audit's hash chain (AuditLog.append in the transaction that
 * stores the decision; verifyAuditChain to check it): each entry's sha256 over RFC 8785
 * canonical JSON commits to the previous one. These build its entries, so every finding
 * considered, waiver applied or not, rule outcome and verdict lands in the chain.
 */
export const DECISION_AUDIT_KIND = 'gate.decision';
export const WAIVER_CREATED_AUDIT_KIND = 'waiver.created';

/** One chain entry per decision; `detail.decision` is the decision exactly as published. */
export function decisionAuditEntry(decision: Decision, actor = 'policy-engine'): AuditEntryInput {
  return {
    kind: DECISION_AUDIT_KIND,
    pipelineRunId: decision.pipelineRunId,
    actor,
    subject: decision.artifactDigest,
    detail: { decision },
  };
}

/** Creating a waiver is itself audited: who created it, and the whole record. */
export function waiverCreatedAuditEntry(waiver: Waiver, actor: string): AuditEntryInput {
  return {
    kind: WAIVER_CREATED_AUDIT_KIND,
    actor,
    subject: `waiver:${waiver.id}`,
    detail: { waiver },
  };
}
