import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateAuditCheckpoints1764000000800 } from './create-audit-checkpoints.migration';

/**
 * The hash-chained audit log, append-only in the database as well: a trigger
 * refuses UPDATE, DELETE and TRUNCATE, so rewriting history takes a table
 * owner or superuser disabling triggers, which the hash chain then reveals.
 * seq is assigned by AuditLog under a lock (no sequence: a rollback must not
 * leave a gap, since a gap is how a deleted entry shows).
 */
export class CreateAuditTables1764000000100 implements MigrationInterface {
  name = 'CreateAuditTables1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_entry (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      at timestamptz NOT NULL,
      kind text NOT NULL,
      pipeline_run_id text,
      actor text,
      subject text,
      detail jsonb NOT NULL CHECK (jsonb_typeof(detail) = 'object'),
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      CONSTRAINT uq_audit_entry_hash UNIQUE (hash))`);
    await q.query('CREATE INDEX ix_audit_entry_pipeline_run_id ON audit_entry (pipeline_run_id, seq)');
    await q.query('CREATE INDEX ix_audit_entry_kind ON audit_entry (kind, seq)');
    await q.query(`CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_entry');
    await q.query('DROP FUNCTION audit_entry_refuse_change()');
  }
}

/** Every migration of the audit log, in order; add them to the app's own list. */
export const AUDIT_MIGRATIONS = [CreateAuditTables1764000000100, CreateAuditCheckpoints1764000000800];
