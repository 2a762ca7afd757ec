// Fills the SBOM store's tables with synthetic SBOMs, generated in SQL (generate_series),
// for the component-query benchmark. The documents themselves are tiny placeholders:
// queries never read them, and 10,000 real 1,000-component documents would be ~5 GB.
import type { DataSource } from 'typeorm';

/**
 * How popular each package is. Slot j of every SBOM draws one package from band j of its
 * tier, bands being disjoint runs of `width` packages, so an SBOM never lists a package
 * twice and a package of a tier is in 1/width of the SBOMs:
 * core (50%: log4j-core, lodash, requests, zlib1g…), common (10%), uncommon (~3%), rare (~0.1%).
 * Packages in all: 20 per slot, i.e. 20,000 for 1,000 components per SBOM.
 */
const TIERS = [
  { name: 'core', slots: 0.1, width: 2 },
  { name: 'common', slots: 0.8, width: 10 },
  { name: 'uncommon', slots: 0.09, width: 30 },
  { name: 'rare', slots: 0.01, width: 910 },
] as const;

export type Tier = (typeof TIERS)[number]['name'];

export interface BenchPackage {
  id: number;
  tier: Tier;
  purlBase: string;
  versions: string[];
}

interface TierLayout {
  name: Tier;
  slotFrom: number;
  slotTo: number;
  width: number;
  packageFrom: number;
}

function layout(componentsPerSbom: number): TierLayout[] {
  const tiers: TierLayout[] = [];
  let slot = 0;
  let pkg = 0;
  for (const [index, tier] of TIERS.entries()) {
    const slotTo = index === TIERS.length - 1 ? componentsPerSbom : Math.max(slot + 1, Math.round(slot + tier.slots * componentsPerSbom));
    tiers.push({ name: tier.name, slotFrom: slot, slotTo, width: tier.width, packageFrom: pkg });
    pkg += (slotTo - slot) * tier.width;
    slot = slotTo;
  }
  return tiers;
}

// Package pool: half npm, a quarter Maven, 15% PyPI, 10% Debian, with 5-6 versions each
// (pre-releases, epochs and revisions included). Ids 0-3 are well-known names.
const PACKAGE_POOL_SQL = `
CREATE TABLE bench_package AS
SELECT id, eco, tier,
       CASE id WHEN 0 THEN 'pkg:maven/org.apache.logging.log4j/log4j-core' WHEN 1 THEN 'pkg:npm/lodash'
               WHEN 2 THEN 'pkg:pypi/requests' WHEN 3 THEN 'pkg:deb/debian/zlib1g'
       ELSE CASE eco WHEN 'npm' THEN CASE WHEN id % 3 = 0 THEN 'pkg:npm/%40scope' || id % 50 || '/pkg-' || id ELSE 'pkg:npm/pkg-' || id END
                     WHEN 'maven' THEN 'pkg:maven/org.example.g' || id % 200 || '/artifact-' || id
                     WHEN 'pypi' THEN 'pkg:pypi/py-pkg-' || id
                     ELSE 'pkg:deb/debian/lib' || id END END AS purl_base,
       CASE WHEN id = 0 THEN ARRAY['2.14.1', '2.16.0', '2.17.0', '2.17.1-rc1', '2.17.1', '2.17.2']
            WHEN eco = 'npm' THEN ARRAY[ma || '.' || mi || '.0', ma || '.' || mi || '.1', ma || '.' || mi + 1 || '.0-beta.1', ma || '.' || mi + 1 || '.0', ma + 1 || '.0.0']
            WHEN eco = 'maven' THEN ARRAY[ma || '.' || mi || '.0', ma || '.' || mi || '.1-rc1', ma || '.' || mi || '.1', ma || '.' || mi + 1 || '.0', ma || '.' || mi + 1 || '.2']
            WHEN eco = 'pypi' THEN ARRAY[ma || '.' || mi, ma || '.' || mi || '.1', ma || '.' || mi + 1 || 'rc1', ma || '.' || mi + 1, ma || '.' || mi + 1 || '.post1']
            ELSE ARRAY[ma || '.' || mi || '.dfsg-9', '1:' || ma || '.' || mi || '.dfsg-1', '1:' || ma || '.' || mi || '.dfsg-2', '1:' || ma || '.' || mi + 1 || '~rc1-1', '1:' || ma || '.' || mi + 1 || '-1'] END AS versions
  FROM (SELECT g AS id, 1 + g % 9 AS ma, g % 40 AS mi,
               CASE WHEN g = 0 THEN 'maven' WHEN g = 1 THEN 'npm' WHEN g = 2 THEN 'pypi' WHEN g = 3 THEN 'deb'
                    WHEN g % 20 < 10 THEN 'npm' WHEN g % 20 < 15 THEN 'maven' WHEN g % 20 < 18 THEN 'pypi' ELSE 'deb' END AS eco,
               (SELECT t.name FROM tier t WHERE g >= t.package_from ORDER BY t.package_from DESC LIMIT 1) AS tier
          FROM generate_series(0, $1::int - 1) g) p`;

// One SBOM's components: slot j picks a random package of its band and a random version of it.
const COMPONENTS_SQL = `
INSERT INTO sbom_component (sbom_sha256, ecosystem, purl_base, version, purl, scope)
SELECT d.sha256, p.eco, p.purl_base, v.version,
       p.purl_base || '@' || v.version || CASE p.eco WHEN 'deb' THEN '?arch=amd64' ELSE '' END,
       CASE WHEN p.eco = 'npm' AND v.r < 0.15 THEN 'dev' ELSE 'required' END
  FROM sbom_document d
 CROSS JOIN (SELECT j, t.width, t.package_from + (j - t.slot_from) * t.width AS band_from
               FROM generate_series(0, $3::int - 1) j JOIN tier t ON j >= t.slot_from AND j < t.slot_to) s
 CROSS JOIN LATERAL (SELECT s.band_from + floor(random() * s.width)::int AS id, random() AS r, d.sha256 AS correlate) pick
  JOIN bench_package p ON p.id = pick.id
 CROSS JOIN LATERAL (SELECT p.versions[1 + floor(random() * array_length(p.versions, 1))::int] AS version, pick.r) v
 WHERE d.pipeline_run_id >= $1 AND d.pipeline_run_id < $2
 -- As the store writes them: one SBOM's components together, so a purl's rows are spread over the heap.
 ORDER BY d.pipeline_run_id, s.j`;

/** Fills `sboms` SBOMs of `componentsPerSbom` components; returns the package pool for picking queries. */
export async function fillComponentIndex(dataSource: DataSource, opts: { sboms: number; componentsPerSbom: number }): Promise<BenchPackage[]> {
  const tiers = layout(opts.componentsPerSbom);
  const packages = tiers[tiers.length - 1].packageFrom + (tiers[tiers.length - 1].slotTo - tiers[tiers.length - 1].slotFrom) * tiers[tiers.length - 1].width;
  await dataSource.query(`CREATE TABLE tier AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(name text, slot_from int, slot_to int, width int, package_from int)`, [
    JSON.stringify(tiers.map((t) => ({ name: t.name, slot_from: t.slotFrom, slot_to: t.slotTo, width: t.width, package_from: t.packageFrom }))),
  ]);
  await dataSource.query(PACKAGE_POOL_SQL, [packages]);
  await dataSource.query('ALTER TABLE bench_package ADD PRIMARY KEY (id)');
  // Run ids sort like the SBOM numbers, so batches can pick SBOMs by run id range.
  await dataSource.query(
    `INSERT INTO sbom_document (sha256, artifact_digest, pipeline_run_id, subject_name, cyclonedx, spdx, component_count, components_by_ecosystem)
     SELECT encode(sha256(('bench-sbom-' || s)::bytea), 'hex'), 'sha256:' || encode(sha256(('bench-artifact-' || s)::bytea), 'hex'),
            'run-' || lpad(s::text, 8, '0'), 'image-' || s, '{}', '{}', $2::int, '{}'
       FROM generate_series(1, $1::int) s`,
    [opts.sboms, opts.componentsPerSbom],
  );
  // A third of the artifacts reached staging, a tenth production.
  await dataSource.query(`INSERT INTO artifact_environment (artifact_digest, environment, kind, at)
    SELECT artifact_digest, 'staging', 'promoted', now() FROM sbom_document WHERE random() < 0.33
    UNION ALL SELECT artifact_digest, 'production', 'deployed', now() FROM sbom_document WHERE random() < 0.1`);
  const batch = 500;
  for (let from = 1; from <= opts.sboms; from += batch) {
    const run = (n: number) => `run-${String(n).padStart(8, '0')}`;
    await dataSource.query(COMPONENTS_SQL, [run(from), run(from + batch), opts.componentsPerSbom]);
  }
  const pool = (await dataSource.query('SELECT id, tier, purl_base AS "purlBase", versions FROM bench_package ORDER BY id')) as BenchPackage[];
  await dataSource.query('DROP TABLE bench_package, tier');
  return pool;
}
