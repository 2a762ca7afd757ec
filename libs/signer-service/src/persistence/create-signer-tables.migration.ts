import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSignerTables1764000000500 implements MigrationInterface {
  name = 'CreateSignerTables1764000000500';

  async up(q: QueryRunner): Promise<void> {
    // What provenance needs to say about a run, as its events arrive (in any order).
    await q.query(`CREATE TABLE signer_run (
      pipeline_run_id text NOT NULL CONSTRAINT pk_signer_run PRIMARY KEY,
      pipeline_name text,
      run_url text,
      started_at timestamptz,
      scm_url text,
      scm_branch text,
      scm_commit text,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // Each packaged artifact, with the change it was built from.
    await q.query(`CREATE TABLE signer_artifact (
      artifact_digest text COLLATE "C" NOT NULL CONSTRAINT pk_signer_artifact PRIMARY KEY CHECK (artifact_digest ~ '^sha256:[0-9a-f]{64}$'),
      pipeline_run_id text NOT NULL,
      subject_id text NOT NULL,
      change_id text,
      change_source text,
      packaged_at timestamptz NOT NULL)`);
    // Signed bundles, addressed by the sha256 of their canonical JSON; one per artifact and
    // predicate type (a redelivered event must not leave a second, differently signed bundle).
    await q.query(`CREATE TABLE signer_bundle (
      bundle_digest text COLLATE "C" NOT NULL CONSTRAINT pk_signer_bundle PRIMARY KEY CHECK (bundle_digest ~ '^sha256:[0-9a-f]{64}$'),
      artifact_digest text COLLATE "C" NOT NULL CHECK (artifact_digest ~ '^sha256:[0-9a-f]{64}$'),
      predicate_type text NOT NULL,
      key_hint text,
      pipeline_run_id text NOT NULL,
      bundle_json text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_signer_bundle_artifact_predicate UNIQUE (artifact_digest, predicate_type))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['signer_bundle', 'signer_artifact', 'signer_run']) await q.query(`DROP TABLE ${table}`);
  }
}
