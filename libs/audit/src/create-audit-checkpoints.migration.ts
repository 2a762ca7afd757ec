import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain: the head (seq, hash) signed by a key the
 * writer cannot use itself (the credential broker's). Rewriting the whole chain
 * consistently then still fails: the old checkpoints name hashes it no longer has.
 */
export class CreateAuditCheckpoints1764000000800 implements MigrationInterface {
  name = 'CreateAuditCheckpoints1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_checkpoint (
      seq bigint NOT NULL CONSTRAINT pk_audit_checkpoint PRIMARY KEY CHECK (seq > 0),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      key_hint text NOT NULL,
      signature text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_checkpoint is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_checkpoint');
    await q.query('DROP FUNCTION audit_checkpoint_refuse_change()');
  }
}
