import { type Severity } from '../findings/finding';
import { type SarifLevel } from './sarif-log.schema';

/*
 * GitHub's convention: `properties["security-severity"]`, a CVSS-like score 0.0–10.0
 * (a string in GitHub's documents; numbers are accepted too), overrides the SARIF level.
 * Bands follow CVSS v3: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low; 0 is
 * informational.
 */
export const SECURITY_SEVERITY = 'security-severity';

export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** The score written on export: inside each band, so a re-import yields the same severity. */
export function scoreOfSeverity(severity: Severity): string {
  switch (severity) {
    case 'critical':
      return '9.5';
    case 'high':
      return '8.0';
    case 'medium':
      return '5.5';
    case 'low':
      return '2.0';
    case 'info':
      return '0.0';
  }
}

export function severityOfLevel(level: SarifLevel): Severity {
  switch (level) {
    case 'error':
      return 'high';
    case 'warning':
      return 'medium';
    case 'note':
      return 'low';
    case 'none':
      return 'info';
  }
}

export function levelOfSeverity(severity: Severity): SarifLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
      return 'note';
    case 'info':
      return 'none';
  }
}

/** The score in a property bag, undefined when absent; a string describing the problem when present but not a score. */
export function readSecurityScore(properties: Readonly<Record<string, unknown>> | undefined): number | undefined | { invalid: string } {
  const raw = properties?.[SECURITY_SEVERITY];
  if (raw === undefined) return undefined;
  const score = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(score) || score < 0 || score > 10) return { invalid: `expected a score 0.0–10.0 (string or number), got ${JSON.stringify(raw).slice(0, 40)}` };
  return score;
}
