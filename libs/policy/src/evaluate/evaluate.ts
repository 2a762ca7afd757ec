import { createHash } from 'node:crypto';
import { evidenceView } from '../cel/evidence-view';
import { canonicalDigest } from '../evidence/evidence-digest';
import { normalizeEvidence } from '../evidence/normalize-evidence';
import type { GateEvidence } from '../evidence/gate-evidence.schema';
import type { PolicyPack } from '../pack/policy-pack';
import { WaiverMatcher } from '../waivers/waiver-matcher';
import type { Waiver } from '../waivers/waiver.schema';
import { MISSING_EVIDENCE_RULE_ID, type Decision, type RuleResult, type Violation } from './decision';
import { missingEvidence, type MissingEvidence } from './missing-evidence';
import { runRule, type FoundViolation } from './run-rule';

export interface EvaluateOptions {
  /** The decision's time: waivers expire against it and it is recorded as evaluatedAt. */
  readonly now: Date;
  /** Waivers to consider (already validated, e.g. with parseWaiver). */
  readonly waivers?: readonly Waiver[];
  /**
   * evidenceDigest(evidence), when the caller computed it as it stored the evidence: hashing
   * a large SBOM's canonical JSON costs more than evaluating the rules.
   */
  readonly evidenceDigest?: string;
}

/**
 * Decides a gate: every rule over the evidence, waivers applied, verdict fail when any
 * blocking rule has an unwaived violation or could not be evaluated. Evidence the pack
 * requires but that is missing fails closed (decisionForMissing) without running rules.
 * Deterministic: the same inputs give byte-identical JSON, whatever order the evidence's
 * lists are in (it is normalised first).
 */
export function evaluate(pack: PolicyPack, given: GateEvidence, options: EvaluateOptions): Decision {
  const evidence = normalizeEvidence(given);
  const missing = missingEvidence(pack, evidence);
  if (missing.length > 0) return decisionForMissing(pack, missing, { ...options, evidence: given });
  const view = evidenceView(evidence, pack.licenseEvaluator);
  const matcher = new WaiverMatcher(options.waivers ?? [], evidence, options.now, new Set(pack.rules.map((r) => r.id)));
  const rules = pack.rules.map((rule): RuleResult => {
    const run = runRule(rule, view, evidence);
    const violations = run.violations.map((found) => withWaiver(found, matcher)).sort(byPlace);
    const open = run.error !== undefined || violations.some((v) => v.waived === undefined);
    return {
      id: rule.id,
      severity: rule.severity,
      blocking: rule.blocking,
      outcome: !open ? 'pass' : rule.blocking ? 'fail' : 'warn',
      description: rule.description,
      violations,
      ...(run.error !== undefined && { error: run.error }),
    };
  });
  return decisionOf(pack, evidence, options, rules, [], matcher.report());
}

/**
 * A fail decision naming the required evidence that never arrived (the deadline's verdict),
 * over the evidence so far; no pack rule runs. `missing` is missingEvidence(pack, evidence).
 */
export function decisionForMissing(pack: PolicyPack, missing: readonly MissingEvidence[], options: EvaluateOptions & { evidence: GateEvidence }): Decision {
  // Never a pass without rules: with nothing missing the caller wants evaluate().
  if (missing.length === 0) throw new TypeError('decisionForMissing needs at least one missing piece of evidence; evaluate() decides complete evidence');
  const rule: RuleResult = {
    id: MISSING_EVIDENCE_RULE_ID,
    severity: 'critical',
    blocking: true,
    outcome: 'fail',
    description: 'Every piece of evidence the policy requires must arrive before the deadline; missing evidence is never a pass.',
    violations: missing.map((m) => ({
      message: `required evidence missing: ${m.label}`,
      fix: m.fix,
      item: { type: 'value', value: { missing: m.kind, ...(m.scanner !== undefined && { scanner: m.scanner }), ...(m.scanKind !== undefined && { scanKind: m.scanKind }) } },
      fingerprint: createHash('sha256').update(`${MISSING_EVIDENCE_RULE_ID}\0missing:${m.label}`).digest('hex'),
    })),
  };
  const evidence = normalizeEvidence(options.evidence);
  const waivers = new WaiverMatcher(options.waivers ?? [], evidence, options.now, new Set(pack.rules.map((r) => r.id)));
  return decisionOf(pack, evidence, options, [rule], missing.map((m) => m.label), waivers.report());
}

/** `evidence` is normalised: its canonical JSON is what evidenceDigest hashes. */
function decisionOf(
  pack: PolicyPack,
  evidence: GateEvidence,
  options: EvaluateOptions,
  rules: RuleResult[],
  missing: string[],
  waivers: ReturnType<WaiverMatcher['report']>,
): Decision {
  const sorted = [...rules].sort((a, b) => compare(a.id, b.id));
  const blockingFailures = sorted.filter((r) => r.outcome === 'fail').map((r) => r.id);
  return {
    verdict: blockingFailures.length > 0 ? 'fail' : 'pass',
    policy: { name: pack.pin.name, version: pack.pin.version, digest: pack.pin.digest },
    pipelineRunId: evidence.pipelineRunId,
    artifactDigest: evidence.artifactDigest,
    evaluatedAt: options.now.toISOString(),
    evidenceDigest: options.evidenceDigest ?? canonicalDigest(evidence),
    rules: sorted,
    blockingFailures,
    warnings: sorted.filter((r) => r.outcome === 'warn').map((r) => r.id),
    missingEvidence: missing,
    waivers,
  };
}

function withWaiver(found: FoundViolation, matcher: WaiverMatcher): Violation {
  const waived = matcher.waive(found.target);
  return {
    message: found.message,
    ...(found.location && { location: found.location }),
    fix: found.fix,
    ...(found.item && { item: found.item }),
    fingerprint: found.target.fingerprint,
    ...(waived && { waived }),
  };
}

/** By file and line, then message, then fingerprint: a stable order a reader can follow. */
function byPlace(a: Violation, b: Violation): number {
  return (
    compare(a.location?.path ?? '', b.location?.path ?? '') ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
    compare(a.message, b.message) ||
    compare(a.fingerprint, b.fingerprint)
  );
}

/** Code-unit order, independent of the process locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
