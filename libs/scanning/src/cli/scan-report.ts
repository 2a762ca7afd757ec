import { SEVERITIES, isAtLeast, type Finding, type Severity } from '../findings/finding';
import { IAC_RULES } from '../iac/iac-rules';
import { findingsTable, locationLabel } from '../report/findings-table';
import { countsBySeverity, countsSummary, sortForReport, type SeverityCounts } from '../report/severity-order';
import { sarifOf, type SarifRuleDescription } from '../sarif/sarif-of';
import { type SkippedFile } from '../tree/read-tree';
import { type ScanFormat } from './scan-cli-args';

/** What one `tollgate scan` found, ready to print. */
export interface ScanResult {
  /** By path, line, column, rule. */
  readonly findings: readonly Finding[];
  readonly skipped: readonly SkippedFile[];
  readonly filesScanned: number;
  /** Scanners that ran, so SARIF shows "ran, found nothing" too. */
  readonly scanners: readonly string[];
}

// Fix texts are ours, but a message may quote a file name: no control characters to the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
const clean = (text: string): string => text.replace(CONTROL, ' ').trim();

/** The catalogue as SARIF rule metadata: title as name and short description, message as full description, fix as help. */
export function iacRuleDescriptions(): SarifRuleDescription[] {
  return IAC_RULES.map((rule) => ({
    id: rule.id,
    name: rule.title,
    shortDescription: rule.title,
    fullDescription: rule.message,
    help: rule.fix,
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    tags: [rule.target],
  }));
}

export function blockingCount(findings: readonly Finding[], failOn: Severity): number {
  return findings.filter((f) => isAtLeast(f.severity, failOn)).length;
}

/** `2 findings (1 critical, 0 high, 1 medium, 0 low, 0 info) in 4 files, 1 skipped; 1 at or above --fail-on critical` */
export function summaryLine(result: ScanResult, failOn: Severity): string {
  const counts = countsBySeverity(result.findings);
  const total = result.findings.length;
  const bySeverity = SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
  const files = `${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'}${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}`;
  const blocking = blockingCount(result.findings, failOn);
  return `${total} finding${total === 1 ? '' : 's'} (${bySeverity}) in ${files}; ${blocking === 0 ? 'none' : blocking} at or above --fail-on ${failOn}`;
}

/** findingsTable's rows (its own count line left out: the summary line says more), then each finding's fix. */
function table(result: ScanResult, failOn: Severity): string {
  const summary = `${summaryLine(result, failOn)}\n`;
  if (result.findings.length === 0) return summary;
  let rows = findingsTable(result.findings);
  const own = countsSummary(countsBySeverity(result.findings));
  const ownLine = `\n${own.charAt(0).toUpperCase()}${own.slice(1)}\n`;
  if (rows.endsWith(ownLine)) rows = rows.slice(0, -ownLine.length);
  const withFix = sortForReport(result.findings).filter((f) => f.fix !== undefined);
  const width = Math.max(0, ...withFix.map((f) => clean(locationLabel(f)).length));
  const fixes = withFix.map((f) => `  ${clean(locationLabel(f)).padEnd(width)}  ${clean(f.ruleId)}: ${clean(f.fix ?? '')}\n`);
  return `${rows}${fixes.length > 0 ? `\nFixes:\n${fixes.join('')}` : ''}\n${summary}`;
}

function json(result: ScanResult): string {
  const counts: SeverityCounts = countsBySeverity(result.findings);
  return `${JSON.stringify({ findings: result.findings, counts, filesScanned: result.filesScanned, skipped: result.skipped }, null, 2)}\n`;
}

function sarif(result: ScanResult): string {
  return `${JSON.stringify(sarifOf(result.findings, { toolName: 'tollgate', rules: iacRuleDescriptions(), scanners: result.scanners }), null, 2)}\n`;
}

/** The report in the asked format; the findings hold masked secrets only, so nothing here can print one. */
export function renderScan(result: ScanResult, format: ScanFormat, failOn: Severity): string {
  switch (format) {
    case 'table':
      return table(result, failOn);
    case 'json':
      return json(result);
    case 'sarif':
      return sarif(result);
  }
}

const MAX_SKIPPED_LINES = 20;

/** Lines for stderr: files the scanners did not see, so a reader knows what was not checked. */
export function skippedLines(skipped: readonly SkippedFile[]): string {
  const lines = skipped.slice(0, MAX_SKIPPED_LINES).map((s) => `tollgate: skipped ${clean(s.path)} (${s.reason}${s.bytes === undefined ? '' : `, ${s.bytes} bytes`})\n`);
  if (skipped.length > MAX_SKIPPED_LINES) lines.push(`tollgate: … and ${skipped.length - MAX_SKIPPED_LINES} more skipped (--format json lists them all)\n`);
  return lines.join('');
}
