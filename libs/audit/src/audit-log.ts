import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, type AuditEntry, type AuditEntryInput } from './audit-entry';
import { auditEntryHash, hashedTime, UTC_MICROSECONDS_FORMAT } from './audit-hash';
import { AuditLogError } from './audit-log.error';

/**
 * Advisory locks are database-wide; keying on (this class id, the table's
 * oid) serialises the appenders of one schema's log without blocking another
 * schema's, or anyone else's advisory locks.
 */
const APPEND_LOCK_CLASS = 0x61756474; // "audt"

interface HeadRow {
  now: string;
  seq: string | null;
  hash: string | null;
}

/**
 * The append-only, hash-chained audit log in the data source's schema (table
 * `audit_entry`, from AUDIT_MIGRATIONS). Each entry carries its predecessor's
 * hash, so rewriting or removing any entry breaks every later link.
 */
export class AuditLog {
  /**
   * Appends inside the caller's transaction, so the entry commits or rolls
   * back with the change it records (and a rollback leaves no gap). Appends
   * are serialised until commit; run them in READ COMMITTED transactions
   * (the default): under REPEATABLE READ a concurrent append fails on the
   * primary key instead of waiting its turn. Never forks the chain either way.
   */
  async append(manager: EntityManager, input: AuditEntryInput): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new AuditLogError('AUDIT_NOT_IN_TRANSACTION', 'AuditLog.append runs inside the transaction that makes the change it records');
    }
    const fields = normalisedInput(input);
    // Held until commit or rollback: the next appender waits here, then finds this entry as its predecessor.
    await manager.query(`SELECT pg_advisory_xact_lock($1, 'audit_entry'::regclass::oid::int)`, [APPEND_LOCK_CLASS]);
    // A statement of its own, after the lock, so its snapshot includes the previous appender's commit.
    // The database's clock, read after the lock: one clock for every replica, and times rise with seq.
    const [head] = (await manager.query(
      `SELECT to_char(date_trunc('milliseconds', clock_timestamp()) AT TIME ZONE 'UTC', ${UTC_MICROSECONDS_FORMAT}) AS now,
              last.seq, last.hash
         FROM (VALUES (1)) AS one
         LEFT JOIN (SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1) AS last ON true`,
    )) as HeadRow[];
    const seq = head.seq === null ? 1 : Number(head.seq) + 1;
    const at = hashedTime(head.now);
    const hashed = { seq, at, ...fields, prevHash: head.hash ?? GENESIS_HASH };
    const hash = auditEntryHash(hashed);
    await manager.query(
      `INSERT INTO audit_entry (seq, at, kind, pipeline_run_id, actor, subject, detail, prev_hash, hash)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [seq, at, hashed.kind, hashed.pipelineRunId, hashed.actor, hashed.subject, JSON.stringify(hashed.detail), hashed.prevHash, hash],
    );
    return { ...hashed, at: new Date(at), hash };
  }

  /** For a record with no state change to share a transaction with (e.g. a refused login). */
  appendOutsideTransaction(dataSource: DataSource, input: AuditEntryInput): Promise<AuditEntry> {
    return dataSource.transaction((manager) => this.append(manager, input));
  }
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new AuditLogError('AUDIT_INVALID_ENTRY', `audit entry ${field} must be a string`);
  return value;
}

/**
 * The entry exactly as Postgres will give it back: detail goes through one
 * JSON round trip first (dropping undefined, turning Dates into strings), so
 * the hash covers what is stored, not what the caller happened to pass.
 */
function normalisedInput(input: AuditEntryInput): Omit<AuditEntry, 'seq' | 'at' | 'prevHash' | 'hash'> {
  if (typeof input.kind !== 'string' || input.kind === '') throw new AuditLogError('AUDIT_INVALID_ENTRY', 'audit entry kind must be a non-empty string');
  const { detail } = input;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new AuditLogError('AUDIT_INVALID_ENTRY', 'audit entry detail must be a JSON object');
  }
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
  } catch (cause) {
    throw new AuditLogError('AUDIT_INVALID_ENTRY', 'audit entry detail has no JSON form', { cause });
  }
  return {
    kind: input.kind,
    pipelineRunId: optionalText(input.pipelineRunId, 'pipelineRunId'),
    actor: optionalText(input.actor, 'actor'),
    subject: optionalText(input.subject, 'subject'),
    detail: stored,
  };
}
