import { createHash } from 'node:crypto';
import type { GateEvidence } from '../evidence/gate-evidence.schema';
import type { Decision, RuleResult, Violation } from '../evaluate/decision';

/**
 * A failed gate as an OCSF Detection Finding (class 2004, schema 1.8.0): the SOC's only
 * contract. Built only for a fail with a critical blocking rule; everything a SOC analyst
 * needs to act is in it (what, where, the fix), and finding_info.uid is stable for one
 * run, artifact and policy, so a replayed decision de-duplicates at the SOC.
 */
export const OCSF_SCHEMA_VERSION = '1.8.0';
export const DETECTION_FINDING_CLASS_UID = 2004;
export const FINDINGS_CATEGORY_UID = 2;
export const ACTIVITY_CREATE = 1;

export interface OcsfEvidence {
  readonly data: Record<string, unknown>;
  readonly file?: { readonly name: string; readonly path: string; readonly type_id: 1; readonly type: 'Regular File' };
}

export interface OcsfDetectionFinding {
  readonly class_uid: 2004;
  readonly class_name: 'Detection Finding';
  readonly category_uid: 2;
  readonly category_name: 'Findings';
  readonly activity_id: 1;
  readonly activity_name: 'Create';
  readonly type_uid: 200401;
  readonly type_name: 'Detection Finding: Create';
  readonly severity_id: number;
  readonly severity: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly status_id: 1;
  readonly status: 'New';
  readonly confidence_id: 3;
  readonly confidence: 'High';
  readonly is_alert: true;
  readonly message: string;
  readonly metadata: {
    readonly version: string;
    readonly product: { readonly name: string; readonly vendor_name?: string; readonly version: string };
    readonly uid: string;
    readonly correlation_uid: string;
    readonly log_name: string;
    readonly original_time: string;
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly types: readonly string[];
    readonly created_time: number;
    readonly analytic: { readonly uid: string; readonly name: string; readonly type_id: 1; readonly type: 'Rule'; readonly version: string };
  };
  readonly resources: ReadonlyArray<{ readonly uid: string; readonly type: string; readonly name?: string; readonly data: Record<string, unknown> }>;
  readonly evidences: readonly OcsfEvidence[];
  readonly unmapped: Record<string, unknown>;
}

export interface DetectionFindingOptions {
  readonly productName: string;
  readonly productVersion: string;
  readonly vendorName?: string;
  /** The event time (usually the decision's). */
  readonly time: Date;
}

/** Severity names of OCSF's severity_id, for ours. */
const SEVERITY: Record<RuleResult['severity'], [number, string]> = {
  critical: [5, 'Critical'],
  high: [4, 'High'],
  medium: [3, 'Medium'],
  low: [2, 'Low'],
  info: [1, 'Informational'],
};

/** The breach for a decision, or undefined when it is not a fail with a critical blocking rule. */
export function detectionFindingOf(decision: Decision, evidence: GateEvidence, options: DetectionFindingOptions): OcsfDetectionFinding | undefined {
  const critical = decision.rules.filter((r) => r.outcome === 'fail' && r.severity === 'critical');
  if (decision.verdict !== 'fail' || critical.length === 0) return undefined;
  const uid = `tollgate-${createHash('sha256').update(`${decision.pipelineRunId}\0${decision.artifactDigest}\0${decision.policy.digest}`).digest('hex').slice(0, 32)}`;
  const open = critical.flatMap((rule) => rule.violations.filter((v) => !v.waived).map((v) => ({ rule, v })));
  const ruleIds = critical.map((r) => r.id);
  const time = options.time.getTime();
  const title = `Release gate blocked ${shortDigest(decision.artifactDigest)}: ${ruleIds.join(', ')}`;
  return {
    class_uid: DETECTION_FINDING_CLASS_UID,
    class_name: 'Detection Finding',
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: SEVERITY.critical[0],
    severity: SEVERITY.critical[1],
    time,
    status_id: 1,
    status: 'New',
    confidence_id: 3,
    confidence: 'High',
    is_alert: true,
    message: `${title} (run ${decision.pipelineRunId})`,
    metadata: {
      version: OCSF_SCHEMA_VERSION,
      product: { name: options.productName, ...(options.vendorName !== undefined && { vendor_name: options.vendorName }), version: options.productVersion },
      uid,
      correlation_uid: decision.pipelineRunId,
      log_name: 'tollgate.security',
      original_time: decision.evaluatedAt,
    },
    finding_info: {
      uid,
      title,
      desc: open.map(({ rule, v }) => `[${rule.id}] ${v.message}${where(v)}. Fix: ${v.fix}`).join('\n') || critical.map((r) => `[${r.id}] ${r.error ?? r.description}`).join('\n'),
      types: ['supply-chain', ...ruleIds],
      created_time: time,
      analytic: { uid: decision.policy.digest, name: decision.policy.name, type_id: 1, type: 'Rule', version: decision.policy.version },
    },
    resources: [
      {
        uid: decision.artifactDigest,
        type: 'artifact',
        ...(evidence.repository !== undefined && { name: evidence.repository }),
        data: { pipelineRunId: decision.pipelineRunId, ...(evidence.sbom && { sbomDigest: evidence.sbom.digest }) },
      },
    ],
    evidences: open.map(({ rule, v }) => evidenceOf(rule, v)),
    unmapped: {
      tollgate: { policy: decision.policy, evidenceDigest: decision.evidenceDigest, blockingFailures: decision.blockingFailures, missingEvidence: decision.missingEvidence },
    },
  };
}

function evidenceOf(rule: RuleResult, violation: Violation): OcsfEvidence {
  const data = { rule: rule.id, severity: rule.severity, message: violation.message, fix: violation.fix, fingerprint: violation.fingerprint, ...(violation.item && { item: violation.item }) };
  if (!violation.location) return { data };
  const path = violation.location.path;
  return { data: { ...data, location: violation.location }, file: { name: path.split('/').pop() ?? path, path, type_id: 1, type: 'Regular File' } };
}

function where(violation: Violation): string {
  return violation.location && !violation.message.includes(violation.location.path) ? ` at ${violation.location.path}:${violation.location.startLine}` : '';
}

function shortDigest(digest: string): string {
  return digest.slice(0, 19);
}
