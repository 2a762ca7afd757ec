import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCredentialTables1764000000300 implements MigrationInterface {
  name = 'CreateCredentialTables1764000000300';

  async up(q: QueryRunner): Promise<void> {
    // A pipeline run's lease scope: opened by pipelinerun.started (or its first exchange), closed by pipelinerun.finished.
    await q.query(`CREATE TABLE run_scope (
      pipeline_run_id text PRIMARY KEY,
      state text NOT NULL CHECK (state IN ('open', 'closed')),
      opened_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz)`);
    // Backend logins (kind session) and leased secrets (kind secret): metadata only, never a secret value.
    await q.query(`CREATE TABLE credential_lease (
      lease_id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('session', 'secret')),
      backend text NOT NULL,
      backend_ref text NOT NULL,
      pipeline_run_id text NOT NULL,
      role text NOT NULL,
      secret_name text,
      engine text NOT NULL,
      path text NOT NULL,
      ttl_seconds integer NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN ('active', 'revoke_pending', 'revoked')),
      revoke_reason text,
      revoke_attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      revoked_at timestamptz)`);
    await q.query('CREATE INDEX ix_credential_lease_run ON credential_lease (pipeline_run_id)');
    await q.query(`CREATE INDEX ix_credential_lease_due ON credential_lease (expires_at) WHERE state = 'active'`);
    await q.query(`CREATE INDEX ix_credential_lease_pending ON credential_lease (next_attempt_at) WHERE state = 'revoke_pending'`);
    // Wrapping tokens the broker handed out, by hash: a second unwrap is recognised as reuse, not just "unknown".
    await q.query(`CREATE TABLE wrapping_ledger (
      token_sha256 text PRIMARY KEY,
      accessor text NOT NULL,
      pipeline_run_id text NOT NULL,
      role text NOT NULL,
      secret_name text NOT NULL,
      expires_at timestamptz NOT NULL,
      unwrapped_at timestamptz)`);
    // Embedded backend: per-build sessions and wrapped responses (payload sealed with the key-encryption key).
    await q.query(`CREATE TABLE embedded_session (
      accessor text PRIMARY KEY,
      token_sha256 text NOT NULL UNIQUE,
      pipeline_run_id text NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz)`);
    await q.query(`CREATE TABLE embedded_wrapping_token (
      token_sha256 text PRIMARY KEY,
      accessor text NOT NULL UNIQUE,
      sealed_payload bytea,
      expires_at timestamptz NOT NULL,
      used_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['embedded_wrapping_token', 'embedded_session', 'wrapping_ledger', 'credential_lease', 'run_scope']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
