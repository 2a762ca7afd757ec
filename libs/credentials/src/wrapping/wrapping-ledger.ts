import type { EntityManager } from 'typeorm';
import type { WrapInfo } from '../backend/secrets-backend';
import { sha256Hex } from '../backend/embedded/embedded-tokens';

export interface WrappingLedgerEntry {
  accessor: string;
  pipelineRunId: string;
  role: string;
  secretName: string;
}

/** Remembers a wrapping token by hash, so a second unwrap is known as reuse (Vault alone only says "invalid"). */
export async function recordWrappingToken(
  manager: EntityManager,
  input: { wrap: WrapInfo; pipelineRunId: string; role: string; secretName: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO wrapping_ledger (token_sha256, accessor, pipeline_run_id, role, secret_name, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [sha256Hex(input.wrap.token), input.wrap.accessor, input.pipelineRunId, input.role, input.secretName, input.wrap.expiresAt],
  );
}

export type WrappingClaim =
  | { status: 'claimed'; entry: WrappingLedgerEntry }
  | { status: 'reused'; entry: WrappingLedgerEntry }
  | { status: 'expired'; entry: WrappingLedgerEntry }
  | { status: 'unknown' };

/** Marks the token used, atomically: of two concurrent unwraps exactly one claims it. */
export async function claimWrappingToken(manager: EntityManager, token: string): Promise<WrappingClaim> {
  const hash = sha256Hex(token);
  const [claimed] = (await manager.query(
    `UPDATE wrapping_ledger SET unwrapped_at = now()
      WHERE token_sha256 = $1 AND unwrapped_at IS NULL AND expires_at > now()
      RETURNING accessor, pipeline_run_id, role, secret_name`,
    [hash],
  )) as [Row[], number];
  if (claimed[0]) return { status: 'claimed', entry: toEntry(claimed[0]) };
  const [row] = (await manager.query(
    `SELECT accessor, pipeline_run_id, role, secret_name, unwrapped_at FROM wrapping_ledger WHERE token_sha256 = $1`,
    [hash],
  )) as (Row & { unwrapped_at: Date | null })[];
  if (!row) return { status: 'unknown' };
  return { status: row.unwrapped_at ? 'reused' : 'expired', entry: toEntry(row) };
}

interface Row {
  accessor: string;
  pipeline_run_id: string;
  role: string;
  secret_name: string;
}

function toEntry(r: Row): WrappingLedgerEntry {
  return { accessor: r.accessor, pipelineRunId: r.pipeline_run_id, role: r.role, secretName: r.secret_name };
}

/** Undoes a claim whose unwrap never reached the backend. */
export async function releaseWrappingToken(manager: EntityManager, token: string): Promise<void> {
  await manager.query(`UPDATE wrapping_ledger SET unwrapped_at = NULL WHERE token_sha256 = $1`, [sha256Hex(token)]);
}
