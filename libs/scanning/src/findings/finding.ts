/**
 * One model for every finding, whoever found it: the built-in IaC and secret
 * scanners, OSV matching, and any external SARIF scanner. The gate reads only this.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingKind = 'iac' | 'secret' | 'vulnerability' | 'code' | 'other';

export interface FindingLocation {
  /** Path relative to the scanned tree's root, with forward slashes. */
  readonly path: string;
  /** 1-based. */
  readonly startLine: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface Finding {
  /** Stable rule id (`TG-TF-001`, `secretlint/@secretlint/secretlint-rule-aws`, an external tool's rule id). */
  readonly ruleId: string;
  /** Which scanner produced it (`tollgate-iac`, `tollgate-secrets`, `trivy`…). */
  readonly scanner: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** One line a reviewer reads first. */
  readonly message: string;
  readonly location?: FindingLocation;
  /** A concrete fix: what to change, not "review this". */
  readonly fix?: string;
  readonly helpUri?: string;
  /**
   * Stable across re-scans of unchanged content (sha256 hex): the key that waivers and
   * de-duplication use. For a secret it is derived from the secret, never the secret itself.
   */
  readonly fingerprint: string;
  /** Extra facts (masked secret, component purl, advisory id…); never a secret value. */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

/** Higher is worse; `severityRank('critical') > severityRank('high')`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}
