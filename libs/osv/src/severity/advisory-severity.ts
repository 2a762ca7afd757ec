/**
 * One severity per advisory (per affected package, when the record scores packages
 * separately), in this order of trust:
 *  1. the highest CVSS 4.0 / 3.x base score computed from the vectors (≥9.0 critical,
 *     ≥7.0 high, ≥4.0 medium, >0 low, 0 info — the CVSS v3/v4 qualitative scale);
 *  2. the database's own word, `database_specific.severity` (GitHub: CRITICAL, HIGH,
 *     MODERATE, LOW);
 *  3. a CVSS 2 base score, on CVSS 2's own scale (no "critical": ≥7.0 high, ≥4.0 medium);
 *  4. an Ubuntu priority;
 *  5. otherwise `medium`, marked `unscored`. Distro records (Debian, Alpine) mostly carry
 *     no score; a known, unscored vulnerability must not sink below a gate's threshold
 *     unseen, yet calling each one critical would block every image build. The gate can
 *     single out `unscored` to decide otherwise.
 * Vectors that do not score are skipped, and said so in `notes`.
 */
import type { OsvAffected, OsvRecord, OsvSeverity } from '../schema/osv-record.schema';
import { cvssBaseScore } from './cvss-score';

/** Same members as @tollgate/scanning's Severity (defined here: scope:scan libs do not import each other's internals). */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type SeveritySource = 'CVSS_V4' | 'CVSS_V3' | 'database_specific' | 'CVSS_V2' | 'Ubuntu' | 'unscored';

export interface AdvisorySeverity {
  readonly severity: Severity;
  readonly source: SeveritySource;
  /** The CVSS base score, when the severity comes from one. */
  readonly score?: number;
  readonly vector?: string;
  /** Why a severity entry was passed over (a vector that does not parse, an unknown word). */
  readonly notes: readonly string[];
}

const RANK: Readonly<Record<Severity, number>> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** CVSS v3.x / v4.0 qualitative rating of a base score. */
export function severityOfScore(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

function severityOfCvss2(score: number): Severity {
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  return score > 0 ? 'low' : 'info';
}

const DATABASE_WORDS: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
  NONE: 'info',
  INFO: 'info',
};
const UBUNTU_PRIORITIES: Readonly<Record<string, Severity>> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', negligible: 'info' };

// Severity is asked for every match; compute it once per record or affected element.
const cache = new WeakMap<object, AdvisorySeverity>();

/** The severity of `record` for one of its `affected` elements (or the record as a whole). */
export function advisorySeverity(record: OsvRecord, affected?: OsvAffected): AdvisorySeverity {
  const ownScore = affected !== undefined && (Boolean(affected.severity?.length) || databaseWord(affected.database_specific) !== undefined);
  const owner = ownScore ? affected : record;
  const cached = cache.get(owner);
  if (cached !== undefined) return cached;
  const computed = compute(record, affected);
  cache.set(owner, computed);
  return computed;
}

function compute(record: OsvRecord, affected: OsvAffected | undefined): AdvisorySeverity {
  const entries: readonly OsvSeverity[] = affected?.severity?.length ? affected.severity : (record.severity ?? []);
  const notes: string[] = [];
  let best: { score: number; vector: string; source: 'CVSS_V4' | 'CVSS_V3' } | undefined;
  let cvss2: { score: number; vector: string } | undefined;
  for (const entry of entries) {
    if (entry.type === 'Ubuntu') continue;
    const scored = cvssBaseScore(entry.score);
    if (!scored.ok) {
      notes.push(`${entry.type} ${JSON.stringify(entry.score)} skipped: ${scored.reason}`);
      continue;
    }
    if (entry.type === 'CVSS_V2') {
      if (cvss2 === undefined || scored.score > cvss2.score) cvss2 = { score: scored.score, vector: scored.vector };
    } else if (best === undefined || scored.score > best.score) {
      best = { score: scored.score, vector: scored.vector, source: entry.type };
    }
  }
  if (best !== undefined) return { severity: severityOfScore(best.score), source: best.source, score: best.score, vector: best.vector, notes };
  const word = databaseWord(affected?.database_specific) ?? databaseWord(record.database_specific);
  if (word !== undefined) {
    const severity = DATABASE_WORDS[word.toUpperCase()];
    if (severity !== undefined) return { severity, source: 'database_specific', notes };
    notes.push(`database_specific.severity ${JSON.stringify(word)} is not one of ${Object.keys(DATABASE_WORDS).join(', ')}`);
  }
  if (cvss2 !== undefined) return { severity: severityOfCvss2(cvss2.score), source: 'CVSS_V2', score: cvss2.score, vector: cvss2.vector, notes };
  const ubuntu = entries.find((e) => e.type === 'Ubuntu' && UBUNTU_PRIORITIES[e.score.toLowerCase()] !== undefined);
  if (ubuntu !== undefined) return { severity: UBUNTU_PRIORITIES[ubuntu.score.toLowerCase()], source: 'Ubuntu', notes };
  return { severity: 'medium', source: 'unscored', notes };
}

function databaseWord(specific: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = specific?.severity;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
