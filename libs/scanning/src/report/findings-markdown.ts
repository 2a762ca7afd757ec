import { SEVERITIES, type Finding } from '../findings/finding';
import { countsBySeverity, countsSummary, sortForReport } from './severity-order';

export interface FindingsMarkdownOptions {
  /** Prefix for file links, e.g. the repository's blob URL at the scanned commit; links are `<linkBase>/<path>#L<line>`. */
  readonly linkBase?: string;
  /** Heading; default `Tollgate scan`. */
  readonly title?: string;
  /** Rows shown before "… and N more" (a pull-request comment has a size limit). Default 50. */
  readonly maxRows?: number;
}

const MAX_CELL = 300;

/**
 * Text from findings (some written by external tools) as inert Markdown: no HTML, no
 * links or emphasis it did not ask for, no @-mentions that would notify people, no
 * pipes that would break the table.
 */
function escapeText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length <= MAX_CELL ? flat : `${flat.slice(0, MAX_CELL - 1)}…`;
  return short
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  return text.includes('`') || /\s/.test(text) ? escapeText(text) : `\`${text.replace(/\|/g, '\\|')}\``;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function locationCell(finding: Finding, linkBase: string | undefined): string {
  const location = finding.location;
  if (!location) return '—';
  const label = escapeText(`${location.path}:${location.startLine}`);
  if (!linkBase || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(location.path)) return label;
  const base = linkBase.endsWith('/') ? linkBase : `${linkBase}/`;
  return `[${label}](${base}${encodePath(location.path)}#L${location.startLine})`;
}

/** A summary fit for a pull-request comment: counts by severity, then each finding with a file:line link and its fix. */
export function findingsMarkdown(findings: readonly Finding[], options: FindingsMarkdownOptions = {}): string {
  const counts = countsBySeverity(findings);
  const lines = [`### ${escapeText(options.title ?? 'Tollgate scan')}: ${countsSummary(counts)}`, ''];
  lines.push(SEVERITIES.map((s) => (counts[s] > 0 ? `**${counts[s]} ${s}**` : `0 ${s}`)).join(' · '), '');
  if (findings.length === 0) return `${lines.join('\n')}\nNo findings.\n`;
  const maxRows = options.maxRows ?? 50;
  const shown = sortForReport(findings).slice(0, maxRows);
  lines.push('| Severity | Rule | Location | Finding | Fix |', '| --- | --- | --- | --- | --- |');
  for (const f of shown) {
    lines.push(`| ${f.severity} | ${code(f.ruleId)} | ${locationCell(f, options.linkBase)} | ${escapeText(f.message)} | ${f.fix ? escapeText(f.fix) : '—'} |`);
  }
  if (findings.length > shown.length) lines.push('', `_… and ${findings.length - shown.length} more not shown here; the SARIF export has them all._`);
  return `${lines.join('\n')}\n`;
}
