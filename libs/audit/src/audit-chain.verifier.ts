import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH } from './audit-entry';
import { auditEntryHash, hashedTime, UTC_MICROSECONDS_FORMAT } from './audit-hash';

/** Why a link is broken, checked in this order for each entry. */
export type AuditChainBreak =
  /** An entry is missing (deleted) before this one, or the first entry is not 1. */
  | 'sequence gap'
  /** prevHash is not the hash of the entry before: that one was rewritten and re-hashed, or removed. */
  | 'previous hash mismatch'
  /** The entry's content no longer matches its own hash: it was edited. */
  | 'hash mismatch';

export type AuditChainVerification =
  /** `headHash` is the last entry's hash (GENESIS_HASH when empty): compare it with a checkpoint to catch truncation. */
  | { ok: true; entries: number; headHash: string }
  /** `entries` counts the intact entries before `brokenAt`. */
  | { ok: false; entries: number; brokenAt: number; reason: AuditChainBreak; expected: string; found: string };

export interface VerifyAuditChainOptions {
  /** Entries read per query (default 1000); memory stays flat however long the chain. */
  pageSize?: number;
}

interface StoredRow {
  seq: string;
  at: string;
  kind: string;
  pipeline_run_id: string | null;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const DEFAULT_PAGE_SIZE = 1000;

/**
 * Walks the data source's `audit_entry` in seq order, a page at a time by
 * keyset, recomputing every hash, and reports the first broken link. It
 * cannot see entries removed from the end of the chain; the head hash it
 * returns is what a signed checkpoint pins down.
 */
export async function verifyAuditChain(db: DataSource | EntityManager, options: VerifyAuditChainOptions = {}): Promise<AuditChainVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  let checked = 0;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  for (;;) {
    const page = (await db.query(
      `SELECT seq, to_char(at AT TIME ZONE 'UTC', ${UTC_MICROSECONDS_FORMAT}) AS at, kind, pipeline_run_id, actor, subject, detail, prev_hash, hash
         FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [lastSeq, pageSize],
    )) as StoredRow[];
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = firstBreak(row, seq, lastSeq + 1, prevHash);
      if (broken) return { ok: false, entries: checked, brokenAt: seq, ...broken };
      checked += 1;
      lastSeq = seq;
      prevHash = row.hash;
    }
    if (page.length < pageSize) return { ok: true, entries: checked, headHash: prevHash };
  }
}

function firstBreak(
  row: StoredRow,
  seq: number,
  expectedSeq: number,
  expectedPrevHash: string,
): { reason: AuditChainBreak; expected: string; found: string } | undefined {
  if (seq !== expectedSeq) return { reason: 'sequence gap', expected: String(expectedSeq), found: row.seq };
  if (row.prev_hash !== expectedPrevHash) return { reason: 'previous hash mismatch', expected: expectedPrevHash, found: row.prev_hash };
  const recomputed = auditEntryHash({
    seq,
    at: hashedTime(row.at),
    kind: row.kind,
    pipelineRunId: row.pipeline_run_id,
    actor: row.actor,
    subject: row.subject,
    detail: row.detail,
    prevHash: row.prev_hash,
  });
  if (recomputed !== row.hash) return { reason: 'hash mismatch', expected: recomputed, found: row.hash };
  return undefined;
}
