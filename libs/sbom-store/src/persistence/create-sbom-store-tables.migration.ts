import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSbomStoreTables1764000000400 implements MigrationInterface {
  name = 'CreateSbomStoreTables1764000000400';

  async up(q: QueryRunner): Promise<void> {
    // Digests and purls compare as bytes (COLLATE "C"): the right order for identifiers, and
    // memcmp instead of the locale's strcoll on every index comparison.

    // One SBOM per artifact, addressed by the sha256 of its CycloneDX bytes. Building is
    // deterministic per event time, so the first one stored for an artifact is the one kept.
    await q.query(`CREATE TABLE sbom_document (
      sha256 text COLLATE "C" NOT NULL CONSTRAINT pk_sbom_document PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      artifact_digest text COLLATE "C" NOT NULL CONSTRAINT uq_sbom_document_artifact UNIQUE CHECK (artifact_digest ~ '^sha256:[0-9a-f]{64}$'),
      pipeline_run_id text NOT NULL,
      source_commit text,
      subject_name text NOT NULL,
      cyclonedx text NOT NULL,
      spdx text NOT NULL,
      component_count integer NOT NULL,
      components_by_ecosystem jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // The component index: one row per component of each SBOM. SBOMs are kept for the device's
    // life and never deleted, so there is no index on sbom_sha256 for deletes to use.
    await q.query(`CREATE TABLE sbom_component (
      sbom_sha256 text COLLATE "C" NOT NULL CONSTRAINT fk_sbom_component_document REFERENCES sbom_document (sha256),
      ecosystem text NOT NULL,
      purl_base text COLLATE "C" NOT NULL,
      version text COLLATE "C" NOT NULL,
      purl text NOT NULL,
      scope text NOT NULL CHECK (scope IN ('required', 'optional', 'dev')))`);
    // "Which artifacts contain X", as two index-only scans: the purl's versions, then the rows of
    // the versions in range (an index qual, not a filter). A popular purl's rows lie one per SBOM
    // all over the heap; covering scope and purl saves a heap page read per row (measured at
    // 10 M rows: 3,349 pages for log4j-core, 10.6 -> 3.6 ms warm, far more cold) for ~25% more index.
    await q.query('CREATE INDEX ix_sbom_component_purl_base ON sbom_component (purl_base, version) INCLUDE (sbom_sha256, scope, purl)');
    // Estimates decide between nested loops (a rare purl: a few rows) and hash joins (a popular one:
    // thousands). A version string belongs to few packages, so without joint statistics
    // "purl_base = $1 AND version = ANY($2)" is estimated at a row or two; and the default sample
    // (30,000 rows) misses most popular purls of a 10-million-row index.
    await q.query('ALTER TABLE sbom_component ALTER COLUMN purl_base SET STATISTICS 1000, ALTER COLUMN version SET STATISTICS 1000');
    await q.query('CREATE STATISTICS st_sbom_component_purl_version (dependencies, mcv) ON purl_base, version FROM sbom_component');
    await q.query('ALTER STATISTICS st_sbom_component_purl_version SET STATISTICS 1000');
    // Where an artifact went. No foreign key: a promotion may be recorded before its SBOM is stored.
    await q.query(`CREATE TABLE artifact_environment (
      artifact_digest text COLLATE "C" NOT NULL,
      environment text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('promoted', 'deployed')),
      at timestamptz NOT NULL,
      CONSTRAINT pk_artifact_environment PRIMARY KEY (artifact_digest, environment, kind))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS st_sbom_component_purl_version');
    for (const table of ['artifact_environment', 'sbom_component', 'sbom_document']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
