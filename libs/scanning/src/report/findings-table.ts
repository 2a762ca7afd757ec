import { type Finding } from '../findings/finding';
import { countsBySeverity, countsSummary, sortForReport } from './severity-order';

export interface FindingsTableOptions {
  /** Longest message shown before it is cut with `…`. Default 120. */
  readonly maxMessageLength?: number;
}

// Messages may come from external tools: escape sequences or control characters must
// not reach the terminal, where they could rewrite what the reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

function clean(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function locationLabel(finding: Finding): string {
  if (!finding.location) return '-';
  return `${finding.location.path}:${finding.location.startLine}`;
}

/** A plain-text table for a terminal: severity, rule, path:line, message, worst first, and a count line. */
export function findingsTable(findings: readonly Finding[], options: FindingsTableOptions = {}): string {
  const maxMessage = options.maxMessageLength ?? 120;
  const summary = countsSummary(countsBySeverity(findings));
  if (findings.length === 0) return `No findings.\n`;
  const rows = sortForReport(findings).map((f) => [f.severity.toUpperCase(), clean(f.ruleId), clean(locationLabel(f)), cut(clean(f.message), maxMessage)]);
  const header = ['SEVERITY', 'RULE', 'LOCATION', 'MESSAGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), '', summary.charAt(0).toUpperCase() + summary.slice(1), ''].join('\n');
}
