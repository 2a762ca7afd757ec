import type { EntityManager } from 'typeorm';

export type LeaseKind = 'session' | 'secret';
export type LeaseState = 'active' | 'revoke_pending' | 'revoked';
export type RevokeReason = 'run-finished' | 'expired' | 'withdrawn';

/** A lease as recorded: metadata only. The secret value is never stored. */
export interface LeaseRecord {
  leaseId: string;
  kind: LeaseKind;
  backend: string;
  /** What the backend revokes by: the lease id, or the session's token accessor. */
  backendRef: string;
  pipelineRunId: string;
  role: string;
  secretName: string | null;
  engine: string;
  path: string;
  ttlSeconds: number;
  issuedAt: Date;
  expiresAt: Date;
  state: LeaseState;
  revokeReason: RevokeReason | null;
  revokeAttempts: number;
  lastError: string | null;
  revokedAt: Date | null;
}

interface LeaseRow {
  lease_id: string;
  kind: LeaseKind;
  backend: string;
  backend_ref: string;
  pipeline_run_id: string;
  role: string;
  secret_name: string | null;
  engine: string;
  path: string;
  ttl_seconds: number;
  issued_at: Date;
  expires_at: Date;
  state: LeaseState;
  revoke_reason: RevokeReason | null;
  revoke_attempts: number;
  last_error: string | null;
  revoked_at: Date | null;
}

function toRecord(r: LeaseRow): LeaseRecord {
  return {
    leaseId: r.lease_id,
    kind: r.kind,
    backend: r.backend,
    backendRef: r.backend_ref,
    pipelineRunId: r.pipeline_run_id,
    role: r.role,
    secretName: r.secret_name,
    engine: r.engine,
    path: r.path,
    ttlSeconds: r.ttl_seconds,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    state: r.state,
    revokeReason: r.revoke_reason,
    revokeAttempts: r.revoke_attempts,
    lastError: r.last_error,
    revokedAt: r.revoked_at,
  };
}

export type NewLease = Pick<LeaseRecord, 'leaseId' | 'kind' | 'backend' | 'backendRef' | 'pipelineRunId' | 'role' | 'secretName' | 'engine' | 'path' | 'ttlSeconds' | 'expiresAt'>;

/**
 * Records a lease under its run. The run's row is share-locked first, so a
 * concurrent close either sees this lease (and queues it) or has committed
 * before (and this lease is queued at once). Returns false when the run had closed.
 */
export async function recordLease(manager: EntityManager, lease: NewLease): Promise<boolean> {
  const [scope] = (await manager.query(`SELECT state FROM run_scope WHERE pipeline_run_id = $1 FOR SHARE`, [lease.pipelineRunId])) as { state: string }[];
  const open = scope?.state !== 'closed';
  await manager.query(
    `INSERT INTO credential_lease (lease_id, kind, backend, backend_ref, pipeline_run_id, role, secret_name, engine, path, ttl_seconds, expires_at,
                                   state, revoke_reason, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      lease.leaseId, lease.kind, lease.backend, lease.backendRef, lease.pipelineRunId, lease.role, lease.secretName, lease.engine, lease.path,
      lease.ttlSeconds, lease.expiresAt, open ? 'active' : 'revoke_pending', open ? null : 'run-finished', open ? null : new Date(),
    ],
  );
  return open;
}

/** Opens the run's scope if it is new; says whether the run may still lease (false once finished). */
export async function openRunScope(manager: EntityManager, pipelineRunId: string): Promise<{ open: boolean; created: boolean }> {
  const inserted = (await manager.query(`INSERT INTO run_scope (pipeline_run_id, state) VALUES ($1, 'open') ON CONFLICT DO NOTHING RETURNING state`, [
    pipelineRunId,
  ])) as unknown[];
  if (inserted.length) return { open: true, created: true };
  const [row] = (await manager.query(`SELECT state FROM run_scope WHERE pipeline_run_id = $1`, [pipelineRunId])) as { state: string }[];
  return { open: row.state === 'open', created: false };
}

/**
 * Closes the run (a finished run leases nothing more) and queues every live
 * lease under it for revocation. Returns the leases queued; empty on a repeat.
 */
export async function closeRunScope(manager: EntityManager, pipelineRunId: string): Promise<LeaseRecord[]> {
  await manager.query(
    `INSERT INTO run_scope (pipeline_run_id, state, closed_at) VALUES ($1, 'closed', now())
     ON CONFLICT (pipeline_run_id) DO UPDATE SET state = 'closed', closed_at = coalesce(run_scope.closed_at, now())`,
    [pipelineRunId],
  );
  return queueRevocation(manager, `pipeline_run_id = $1 AND state = 'active'`, [pipelineRunId], 'run-finished');
}

/** Live leases past their expiry, queued for revocation. */
export function queueExpired(manager: EntityManager): Promise<LeaseRecord[]> {
  return queueRevocation(manager, `state = 'active' AND expires_at <= now()`, [], 'expired');
}

export function queueLeases(manager: EntityManager, leaseIds: string[], reason: RevokeReason): Promise<LeaseRecord[]> {
  return queueRevocation(manager, `lease_id = ANY($1::text[]) AND state = 'active'`, [leaseIds], reason);
}

async function queueRevocation(manager: EntityManager, where: string, params: unknown[], reason: RevokeReason): Promise<LeaseRecord[]> {
  const [rows] = (await manager.query(
    `UPDATE credential_lease SET state = 'revoke_pending', revoke_reason = $${params.length + 1}, next_attempt_at = now()
      WHERE ${where} RETURNING *`,
    [...params, reason],
  )) as [LeaseRow[], number];
  return rows.map(toRecord);
}

/**
 * Takes up to `limit` due revocations for this worker: their next attempt is
 * pushed out by `holdSeconds`, so another replica skips them meanwhile and a
 * crashed worker's claim simply lapses. Secrets come before their sessions.
 */
export async function claimDueRevocations(manager: EntityManager, limit: number, holdSeconds: number): Promise<LeaseRecord[]> {
  const [rows] = (await manager.query(
    `UPDATE credential_lease SET next_attempt_at = now() + ($2::int * interval '1 second')
      WHERE lease_id IN (
        SELECT lease_id FROM credential_lease
         WHERE state = 'revoke_pending' AND next_attempt_at <= now()
         ORDER BY kind DESC, next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [limit, holdSeconds],
  )) as [LeaseRow[], number];
  return rows.map(toRecord).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'secret' ? -1 : 1));
}

/** True if this call revoked it (false when already revoked: no second event). */
export async function markRevoked(manager: EntityManager, leaseId: string): Promise<boolean> {
  const [, count] = (await manager.query(
    `UPDATE credential_lease SET state = 'revoked', revoked_at = now(), next_attempt_at = NULL, last_error = NULL,
            revoke_attempts = revoke_attempts + 1
      WHERE lease_id = $1 AND state = 'revoke_pending'`,
    [leaseId],
  )) as [unknown, number];
  return count === 1;
}

export async function markRevokeFailed(manager: EntityManager, leaseId: string, error: string, retryInSeconds: number): Promise<number> {
  const [rows] = (await manager.query(
    `UPDATE credential_lease SET revoke_attempts = revoke_attempts + 1, last_error = $2,
            next_attempt_at = now() + ($3::int * interval '1 second')
      WHERE lease_id = $1 AND state = 'revoke_pending' RETURNING revoke_attempts`,
    [leaseId, error.slice(0, 500), retryInSeconds],
  )) as [{ revoke_attempts: number }[], number];
  return rows[0]?.revoke_attempts ?? 0;
}

export async function leasesOfRun(manager: EntityManager, pipelineRunId: string): Promise<LeaseRecord[]> {
  const rows = (await manager.query(`SELECT * FROM credential_lease WHERE pipeline_run_id = $1 ORDER BY issued_at, lease_id`, [pipelineRunId])) as LeaseRow[];
  return rows.map(toRecord);
}
