import { buildEvent, type TollgateEvent } from '@tollgate/events';
import { gateReasons, type Decision } from '@tollgate/policy';

export const POLICY_ENGINE_SOURCE = '/tollgate/policy-engine';

interface DecidedGate {
  pipeline_run_id: string;
  artifact_digest: string;
  subject_id: string;
  traceparent: string | null;
}

/** An OCSF Detection Finding, as far as the gate reads it. */
export interface DetectionFinding {
  finding_info: { uid: string; title: string };
  severity_id: number;
  message?: string;
}

/** A failed gate always says why (the event requires at least one reason). */
function failedReasons(decision: Decision): string[] {
  const reasons = gateReasons(decision);
  return reasons.length > 0 ? reasons : [`failed: ${decision.blockingFailures.join(', ')}`];
}

/** The summary the events carry; the whole decision is in the decision log and GET /v1/gates. */
function decisionSummary(decision: Decision): Record<string, unknown> {
  return {
    verdict: decision.verdict,
    evidenceDigest: decision.evidenceDigest,
    blockingFailures: decision.blockingFailures,
    warnings: decision.warnings,
    missingEvidence: decision.missingEvidence,
    rules: decision.rules.map((r) => ({ id: r.id, outcome: r.outcome, severity: r.severity, violations: r.violations.length, waived: r.violations.filter((v) => v.waived).length })),
  };
}

/** gate.passed or gate.failed, and for a critical failure the security.breach carrying the OCSF finding. */
export function decisionEvents(gate: DecidedGate, decision: Decision, breach: DetectionFinding | undefined): TollgateEvent[] {
  const common = {
    source: POLICY_ENGINE_SOURCE,
    subjectId: gate.subject_id,
    pipelineRunId: gate.pipeline_run_id,
    artifactDigest: gate.artifact_digest,
    ...(gate.traceparent && { traceparent: gate.traceparent }),
  };
  const policy = { name: decision.policy.name, version: decision.policy.version, digest: decision.policy.digest };
  const events: TollgateEvent[] = [
    decision.verdict === 'pass'
      ? buildEvent('gate.passed', { ...common, id: `gate:${gate.pipeline_run_id}:${gate.artifact_digest}`, content: { policy, reasons: gateReasons(decision) }, customData: { decision: decisionSummary(decision) } })
      : buildEvent('gate.failed', { ...common, id: `gate:${gate.pipeline_run_id}:${gate.artifact_digest}`, content: { policy, reasons: failedReasons(decision) }, customData: { decision: decisionSummary(decision) } }),
  ];
  if (breach) {
    const first = decision.blockingFailures[0] ?? 'gate';
    events.push(
      buildEvent('security.breach', {
        ...common,
        id: `breach:${breach.finding_info.uid}`,
        content: { severity: 'critical', category: `gate-failed:${first}`, message: breach.finding_info.title, reference: `gate/${encodeURIComponent(gate.pipeline_run_id)}/${gate.artifact_digest}` },
        customData: { ocsf: breach as unknown as Record<string, unknown> },
      }),
    );
  }
  return events;
}
