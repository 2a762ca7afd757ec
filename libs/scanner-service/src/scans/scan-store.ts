import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { countsBySeverity, type Finding, type FindingKind, type SeverityCounts } from '@tollgate/scanning';

export type ScanFailureCode = 'TIMEOUT' | 'CRASHED' | 'INVALID_OUTPUT' | 'SOURCE_UNAVAILABLE' | 'INPUT_INVALID';

/** What one scanner produced for one target: findings, or why there are none to trust. */
export type ScanOutcome =
  | { scanner: string; kind: FindingKind; status: 'completed'; findings: Finding[]; sarif: string }
  | { scanner: string; kind: FindingKind; status: 'failed'; failure: { code: ScanFailureCode; reason: string } };

export interface StoredScan {
  id: string;
  pipelineRunId: string;
  scanner: string;
  kind: FindingKind;
  target: string;
  status: 'completed' | 'failed';
  failure?: { code: ScanFailureCode; reason: string };
  counts?: SeverityCounts;
  sarifDigest?: string;
  createdAt: Date;
  findings: Finding[];
}

/** Stores a scan once per (run, scanner, target); `stored: false` when an earlier delivery already did. */
export async function recordScan(
  manager: EntityManager,
  scan: { pipelineRunId: string; target: string; outcome: ScanOutcome },
): Promise<{ stored: boolean; id: string; counts?: SeverityCounts; sarifDigest?: string }> {
  const { outcome } = scan;
  const id = randomUUID();
  const completed = outcome.status === 'completed' ? outcome : undefined;
  const counts = completed ? countsBySeverity(completed.findings) : undefined;
  const sarifSha = completed ? createHash('sha256').update(completed.sarif).digest('hex') : undefined;
  const inserted = (await manager.query(
    `INSERT INTO scan (id, pipeline_run_id, scanner, kind, target, status, failure_code, failure_reason, counts, sarif_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (pipeline_run_id, scanner, target) DO NOTHING RETURNING id`,
    [
      id,
      scan.pipelineRunId,
      outcome.scanner,
      outcome.kind,
      scan.target,
      outcome.status,
      outcome.status === 'failed' ? outcome.failure.code : null,
      outcome.status === 'failed' ? outcome.failure.reason : null,
      counts ? JSON.stringify(counts) : null,
      sarifSha ?? null,
    ],
  )) as { id: string }[];
  if (inserted.length === 0) {
    const [existing] = (await manager.query('SELECT id FROM scan WHERE pipeline_run_id = $1 AND scanner = $2 AND target = $3', [scan.pipelineRunId, outcome.scanner, scan.target])) as { id: string }[];
    return { stored: false, id: existing.id };
  }
  if (completed) {
    await manager.query('INSERT INTO scan_sarif (sha256, sarif) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sarifSha, completed.sarif]);
    // One multi-row insert: a scan of a large tree can have thousands of findings.
    if (completed.findings.length > 0) {
      await manager.query(
        `INSERT INTO scan_finding (scan_id, ordinal, rule_id, severity, finding)
         SELECT $1, ordinality::int, f->>'ruleId', f->>'severity', f FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(f, ordinality)`,
        [id, JSON.stringify(completed.findings)],
      );
    }
  }
  return { stored: true, id, counts, sarifDigest: sarifSha && `sha256:${sarifSha}` };
}

interface ScanRow {
  id: string;
  pipeline_run_id: string;
  scanner: string;
  kind: FindingKind;
  target: string;
  status: 'completed' | 'failed';
  failure_code: ScanFailureCode | null;
  failure_reason: string | null;
  counts: SeverityCounts | null;
  sarif_sha256: string | null;
  created_at: Date;
  findings: Finding[];
}

/** Every scan of a run with its findings, oldest first, findings in the order the scanner sorted them. */
export async function scansOfRun(manager: EntityManager, pipelineRunId: string): Promise<StoredScan[]> {
  const rows = (await manager.query(
    `SELECT s.*, COALESCE((SELECT jsonb_agg(f.finding ORDER BY f.ordinal) FROM scan_finding f WHERE f.scan_id = s.id), '[]'::jsonb) AS findings
       FROM scan s WHERE s.pipeline_run_id = $1 ORDER BY s.created_at, s.scanner, s.target`,
    [pipelineRunId],
  )) as ScanRow[];
  return rows.map((r) => ({
    id: r.id,
    pipelineRunId: r.pipeline_run_id,
    scanner: r.scanner,
    kind: r.kind,
    target: r.target,
    status: r.status,
    ...(r.failure_code !== null && { failure: { code: r.failure_code, reason: r.failure_reason ?? '' } }),
    ...(r.counts !== null && { counts: r.counts }),
    ...(r.sarif_sha256 !== null && { sarifDigest: `sha256:${r.sarif_sha256}` }),
    createdAt: r.created_at,
    findings: r.findings,
  }));
}
