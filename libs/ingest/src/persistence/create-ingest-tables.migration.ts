import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestTables1763769600100 implements MigrationInterface {
  name = 'CreateIngestTables1763769600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE accepted_event (
      event_id text PRIMARY KEY,
      source_id text NOT NULL,
      type text NOT NULL,
      pipeline_run_id text NOT NULL,
      accepted_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX ix_accepted_event_accepted_at ON accepted_event (accepted_at)');
    await q.query(`CREATE TABLE request_signature (
      signature text PRIMARY KEY,
      source_id text NOT NULL,
      expires_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX ix_request_signature_expires_at ON request_signature (expires_at)');
    await q.query(`CREATE TABLE pipeline_event (
      event_id text PRIMARY KEY,
      pipeline_run_id text NOT NULL,
      event_key text NOT NULL,
      type text NOT NULL,
      source text NOT NULL,
      subject text NOT NULL,
      occurred_at timestamptz NOT NULL,
      trace_id text,
      artifact_digest text,
      outcome text,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX ix_pipeline_event_run ON pipeline_event (pipeline_run_id, occurred_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pipeline_event');
    await q.query('DROP TABLE request_signature');
    await q.query('DROP TABLE accepted_event');
  }
}
