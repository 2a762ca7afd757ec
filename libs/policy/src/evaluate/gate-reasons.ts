import type { Decision, Violation } from './decision';

/**
 * One line per reason, for gate.failed / gate.passed `reasons`: for a fail every open
 * violation of a failing rule (rule, message, location, fix); for both, every waiver used.
 * Bounded, since events stay small (the decision log keeps everything).
 */
export function gateReasons(decision: Decision, limit = 50): string[] {
  const reasons: string[] = [];
  for (const rule of decision.rules) {
    if (rule.outcome !== 'fail') continue;
    if (rule.error !== undefined) reasons.push(`[${rule.id}] could not be evaluated: ${rule.error}`);
    for (const v of rule.violations) if (!v.waived) reasons.push(`[${rule.id}] ${v.message}${where(v)}; fix: ${v.fix}`);
  }
  for (const rule of decision.rules) {
    for (const v of rule.violations) {
      if (v.waived) reasons.push(`[${rule.id}] waived by ${v.waived.waiverId} (approved by ${v.waived.approver}, ${v.waived.reference}, until ${v.waived.expiresAt}): ${v.message}`);
    }
  }
  if (reasons.length <= limit) return reasons;
  return [...reasons.slice(0, limit - 1), `… and ${reasons.length - limit + 1} more in decision ${decision.evidenceDigest.slice(0, 19)} of run ${decision.pipelineRunId}`];
}

function where(violation: Violation): string {
  const at = violation.location;
  return at && !violation.message.includes(at.path) ? ` at ${at.path}:${at.startLine}` : '';
}
