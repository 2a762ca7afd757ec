import type { PolicySeverity } from '../evidence/gate-evidence.schema';
import type { PolicyPin } from '../pack/policy-pack';

/**
 * A gate decision: plain JSON, keys in a fixed order and every list sorted, so the same
 * evidence, pack, waivers and time give byte-identical JSON (the decision log hashes it).
 */
export type RuleOutcome = 'pass' | 'fail' | 'warn';

export interface ViolationLocation {
  readonly path: string;
  readonly startLine: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** What a violation is about, without the whole evidence item (and never a secret). */
export type ItemSummary =
  | {
      readonly type: 'finding';
      readonly ruleId: string;
      readonly scanner: string;
      readonly kind: string;
      readonly severity: PolicySeverity;
      readonly fingerprint: string;
      readonly purl?: string;
      readonly advisoryIds?: readonly string[];
    }
  | {
      readonly type: 'component';
      readonly purl: string;
      readonly licenses: readonly string[];
      readonly licenseVerdict: string;
      readonly licenseReason?: string;
    }
  | { readonly type: 'scan'; readonly scanner: string; readonly kind: string; readonly status: string; readonly failureCode?: string }
  | { readonly type: 'value'; readonly value: unknown };

export interface WaiverUse {
  readonly waiverId: string;
  readonly approver: string;
  readonly expiresAt: string;
  readonly reference: string;
}

export interface Violation {
  readonly message: string;
  readonly location?: ViolationLocation;
  /** The rule's remediation for this item. */
  readonly fix: string;
  readonly item?: ItemSummary;
  /** sha256 hex of (rule id, item identity): stable across runs, the key a waiver can name. */
  readonly fingerprint: string;
  readonly waived?: WaiverUse;
}

export interface RuleResult {
  readonly id: string;
  readonly severity: PolicySeverity;
  readonly blocking: boolean;
  /** fail: blocking with an unwaived violation (or an evaluation error); warn: the same, not blocking. */
  readonly outcome: RuleOutcome;
  readonly description: string;
  readonly violations: readonly Violation[];
  /** The rule could not be evaluated (a CEL runtime error): counted as violated, never as a pass. */
  readonly error?: string;
}

export type WaiverNotAppliedReason = 'expired' | 'not-yet-valid' | 'out-of-scope' | 'no-violation' | 'unknown-rule';

export interface AppliedWaiver extends WaiverUse {
  readonly ruleId: string;
  /** How many violations it waived. */
  readonly violations: number;
}

export interface UnappliedWaiver {
  readonly waiverId: string;
  readonly ruleId: string;
  readonly reason: WaiverNotAppliedReason;
  /** Why, for the auditor: the expiry, or which scope field did not match. */
  readonly detail: string;
}

export interface Decision {
  readonly verdict: 'pass' | 'fail';
  readonly policy: PolicyPin;
  readonly pipelineRunId: string;
  readonly artifactDigest: string;
  /** RFC 3339, from the caller's clock (`now`). */
  readonly evaluatedAt: string;
  /** `sha256:<hex>` of the evidence's canonical JSON. */
  readonly evidenceDigest: string;
  readonly rules: readonly RuleResult[];
  /** Ids of the rules that failed; non-empty exactly when the verdict is fail. */
  readonly blockingFailures: readonly string[];
  /** Ids of the rules that warned. */
  readonly warnings: readonly string[];
  /** Required evidence that never arrived (labels); empty unless the gate failed closed on it. */
  readonly missingEvidence: readonly string[];
  readonly waivers: { readonly applied: readonly AppliedWaiver[]; readonly notApplied: readonly UnappliedWaiver[] };
}

/** Rule id of the decision made when required evidence is missing (pack rule ids may not use `tollgate.`). */
export const MISSING_EVIDENCE_RULE_ID = 'tollgate.evidence-missing';
