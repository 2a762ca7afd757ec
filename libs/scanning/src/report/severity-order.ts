import { SEVERITIES, type Finding, type Severity, severityRank } from '../findings/finding';

export type SeverityCounts = Record<Severity, number>;

/** Every severity, zero included, so a report can say "0 critical". */
export function countsBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Worst first, then by file and line, so a reader starts with what blocks the gate. */
export function sortForReport(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareText(a.location?.path ?? '', b.location?.path ?? '') ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
      compareText(a.ruleId, b.ruleId),
  );
}

/** `3 findings: 1 critical, 2 high` (only the severities present); `no findings` for none. */
export function countsSummary(counts: SeverityCounts): string {
  const total = SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) return 'no findings';
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `${total} finding${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
