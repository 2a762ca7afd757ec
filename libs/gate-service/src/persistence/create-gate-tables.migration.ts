import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGateTables1764000000700 implements MigrationInterface {
  name = 'CreateGateTables1764000000700';

  async up(q: QueryRunner): Promise<void> {
    // Evidence of a run (credentials, each scan), as it arrives, in any order; one row per
    // (kind, key), the first delivery kept: a duplicate or replayed event changes nothing.
    await q.query(`CREATE TABLE gate_run_evidence (
      pipeline_run_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('credentials', 'scan')),
      key text NOT NULL,
      payload jsonb NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_gate_run_evidence PRIMARY KEY (pipeline_run_id, kind, key))`);
    // Evidence of an artifact (its SBOM, its signatures).
    await q.query(`CREATE TABLE gate_artifact_evidence (
      artifact_digest text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sbom', 'signature')),
      payload jsonb NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_gate_artifact_evidence PRIMARY KEY (artifact_digest, kind))`);
    // One gate per artifact of a run: open until decided, decided once (status never leaves
    // passed/failed: a later event is recorded as late, not re-decided).
    await q.query(`CREATE TABLE gate (
      artifact_digest text COLLATE "C" NOT NULL,
      pipeline_run_id text NOT NULL,
      subject_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'passed', 'failed')),
      opened_at timestamptz NOT NULL,
      deadline_at timestamptz NOT NULL,
      traceparent text,
      decided_at timestamptz,
      decision jsonb,
      late_events integer NOT NULL DEFAULT 0,
      CONSTRAINT pk_gate PRIMARY KEY (pipeline_run_id, artifact_digest))`);
    await q.query(`CREATE INDEX ix_gate_open_deadline ON gate (deadline_at) WHERE status = 'open'`);
    await q.query('CREATE INDEX ix_gate_artifact ON gate (artifact_digest)');
    // Waivers: created through the API (audited), never edited; expiry ends them.
    await q.query(`CREATE TABLE waiver (
      id uuid NOT NULL CONSTRAINT pk_waiver PRIMARY KEY,
      rule_id text NOT NULL,
      scope jsonb NOT NULL,
      reason text NOT NULL,
      approver text NOT NULL,
      reference text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // The SOC's webhook deliveries of each breach, retried until each endpoint took it.
    await q.query(`CREATE TABLE soc_delivery (
      breach_id text NOT NULL,
      endpoint text NOT NULL,
      payload jsonb NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      last_error text,
      CONSTRAINT pk_soc_delivery PRIMARY KEY (breach_id, endpoint))`);
    await q.query('CREATE INDEX ix_soc_delivery_due ON soc_delivery (next_attempt_at) WHERE delivered_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['soc_delivery', 'waiver', 'gate', 'gate_artifact_evidence', 'gate_run_evidence']) await q.query(`DROP TABLE ${table}`);
  }
}
