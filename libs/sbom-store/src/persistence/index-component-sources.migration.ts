import type { MigrationInterface, QueryRunner } from 'typeorm';

// The `upstream=` value of a stored purl, percent-decoded for the characters packageurl-js encodes in
// Debian and Alpine package names and versions (`+`, `~`, `:`), and in the forms below (`@`, ` `, `(`, `)`).
const UPSTREAM = `replace(replace(replace(replace(replace(replace(replace(substring(purl FROM '[?&]upstream=([^&#]+)'),
  '%2B', '+'), '%7E', '~'), '%3A', ':'), '%40', '@'), '%20', ' '), '%28', '('), '%29', ')')`;
// `name`, `name@version` (the SBOM lib's forms) or dpkg's `name (version)`, as sourcePackageOf reads them.
// A value in any other form stays unindexed here (sourcePackageOf would still take its name).
const NAME_AND_VERSION = `'^\\s*([a-z0-9][a-z0-9.+_-]*)\\s*(?:@\\s*([A-Za-z0-9.+~:_-]+)|\\(\\s*([A-Za-z0-9.+~:_-]+)\\s*\\))?\\s*$'`;

/**
 * Distro binaries are also indexed under the source package they were built from: OSV's
 * Debian and Alpine advisories name `glibc`, images ship `libc6`. The columns are set only
 * when the source is named otherwise than the binary, so they stay sparse (one deb/apk row in
 * several; none of the other ecosystems').
 */
export class IndexComponentSources1765100000400 implements MigrationInterface {
  name = 'IndexComponentSources1765100000400';

  async up(q: QueryRunner): Promise<void> {
    // Nullable without a default: a catalogue-only change, no table rewrite.
    await q.query('ALTER TABLE sbom_component ADD COLUMN source_purl_base text COLLATE "C", ADD COLUMN source_version text COLLATE "C"');
    // Rows stored before: the purl carries the qualifier, so SQL reads it in place. One pass over the
    // table; only the distro rows whose source is named otherwise are written.
    await q.query(`WITH parsed AS (
        SELECT ctid AS row_id, purl_base, version, regexp_match(${UPSTREAM}, ${NAME_AND_VERSION}) AS m
          FROM sbom_component WHERE ecosystem IN ('deb', 'apk') AND purl LIKE '%upstream=%'
      ), sourced AS (
        -- The source purl base: the binary's type and namespace, the source name encoded as packageurl-js does.
        SELECT row_id, purl_base, regexp_replace(purl_base, '[^/]*$', '') || replace(m[1], '+', '%2B') AS source_purl_base, coalesce(m[2], m[3], version) AS source_version
          FROM parsed WHERE m IS NOT NULL
      )
      UPDATE sbom_component c SET source_purl_base = s.source_purl_base, source_version = s.source_version
        FROM sourced s WHERE c.ctid = s.row_id AND s.source_purl_base <> s.purl_base`);
    // The same two index-only scans as by purl, partial: the index holds only the rows that have a source.
    await q.query(
      'CREATE INDEX ix_sbom_component_source ON sbom_component (source_purl_base, source_version) INCLUDE (sbom_sha256, scope, purl, version) WHERE source_purl_base IS NOT NULL',
    );
    await q.query('ALTER TABLE sbom_component ALTER COLUMN source_purl_base SET STATISTICS 1000, ALTER COLUMN source_version SET STATISTICS 1000');
    await q.query('CREATE STATISTICS st_sbom_component_source_version (dependencies, mcv) ON source_purl_base, source_version FROM sbom_component');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS st_sbom_component_source_version');
    await q.query('DROP INDEX ix_sbom_component_source');
    await q.query('ALTER TABLE sbom_component DROP COLUMN source_version, DROP COLUMN source_purl_base');
  }
}
