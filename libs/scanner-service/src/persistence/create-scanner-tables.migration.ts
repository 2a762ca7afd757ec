import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateScannerTables1764000000600 implements MigrationInterface {
  name = 'CreateScannerTables1764000000600';

  async up(q: QueryRunner): Promise<void> {
    // One row per scanner per target (a commit, or an artifact's SBOM) per run: a redelivered
    // event finds its scan done. A failed scan is kept too: the gate must see it failed.
    await q.query(`CREATE TABLE scan (
      id uuid NOT NULL CONSTRAINT pk_scan PRIMARY KEY,
      pipeline_run_id text NOT NULL,
      scanner text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('iac', 'secret', 'vulnerability', 'code')),
      target text NOT NULL,
      status text NOT NULL CHECK (status IN ('completed', 'failed')),
      failure_code text,
      failure_reason text,
      counts jsonb,
      sarif_sha256 text COLLATE "C",
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_scan_run_scanner_target UNIQUE (pipeline_run_id, scanner, target))`);
    await q.query(`CREATE TABLE scan_finding (
      scan_id uuid NOT NULL CONSTRAINT fk_scan_finding_scan REFERENCES scan (id),
      ordinal integer NOT NULL,
      rule_id text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
      finding jsonb NOT NULL,
      CONSTRAINT pk_scan_finding PRIMARY KEY (scan_id, ordinal))`);
    // SARIF reports, content-addressed (scan.completed names them by digest).
    await q.query(`CREATE TABLE scan_sarif (
      sha256 text COLLATE "C" NOT NULL CONSTRAINT pk_scan_sarif PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      sarif text NOT NULL)`);
    // Advisories ingested through the API or the watched directory (the OSV files loaded at
    // start are read again from disk); the newest "modified" of each id is kept.
    await q.query(`CREATE TABLE osv_advisory (
      id text NOT NULL CONSTRAINT pk_osv_advisory PRIMARY KEY,
      modified timestamptz NOT NULL,
      record jsonb NOT NULL,
      ingested_at timestamptz NOT NULL DEFAULT now())`);
    // Which artifact was already told about which advisory: a re-ingested advisory raises nothing twice.
    await q.query(`CREATE TABLE vulnerability_alert (
      advisory_id text NOT NULL,
      artifact_digest text COLLATE "C" NOT NULL,
      purl text NOT NULL,
      raised_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_vulnerability_alert PRIMARY KEY (advisory_id, artifact_digest, purl))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['vulnerability_alert', 'osv_advisory', 'scan_sarif', 'scan_finding', 'scan']) await q.query(`DROP TABLE ${table}`);
  }
}
