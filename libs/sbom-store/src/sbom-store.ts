import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { purlBase, type BuiltSbom, type ComponentScope, type FoundComponent, type SbomSubject } from './sbom-model';
import { parseComponentQuery, selectVersions } from './query/component-query';
import { sourcePackageOf } from './query/source-package';
import { SbomStoreError } from './sbom-store.error';

/** What save() reads of a BuiltSbom (a BuiltSbom is one); tests may build just this. */
export type StorableSbom = Pick<BuiltSbom, 'cyclonedx' | 'sha256' | 'spdx' | 'componentsByEcosystem'> & {
  subject: Pick<SbomSubject, 'name' | 'digest'>;
  inventory: { components: readonly Pick<FoundComponent, 'purl' | 'ecosystem' | 'version' | 'scope'>[] };
};

export interface SbomMeta {
  /** `sha256:<hex>` of what shipped. */
  artifactDigest: string;
  pipelineRunId: string;
  sourceCommit?: string;
}

export type SbomFormat = 'cyclonedx' | 'spdx';
export type EnvironmentKind = 'promoted' | 'deployed';

export interface ArtifactEnvironment {
  environment: string;
  kind: EnvironmentKind;
  at: Date;
}

export interface ArtifactMatch {
  artifactDigest: string;
  version: string;
  purl: string;
  scope: ComponentScope;
  sbomSha256: string;
  pipelineRunId: string;
  sourceCommit: string | null;
  /** By environment, then kind. */
  environments: ArtifactEnvironment[];
  /**
   * Only on a distro binary found by the source package it was built from (a query for
   * `pkg:deb/debian/glibc` finds `libc6`): the source version, which the range was checked
   * against. `version` stays the binary's own.
   */
  sourceVersion?: string;
}

export interface ComponentMatches {
  /** By artifact digest, then version in the ecosystem's order. */
  matches: ArtifactMatch[];
  /** Component rows left out because their stored version is not one the ecosystem can parse, so the range cannot say. */
  skippedVersions: number;
}

const ARTIFACT_DIGEST = /^sha256:[0-9a-f]{64}$/;
// Column names by format: never interpolate what the caller passed.
const DOCUMENT_COLUMNS: Record<SbomFormat, string> = { cyclonedx: 'cyclonedx', spdx: 'spdx' };

/** A component row in range, once per environment its artifact reached (nulls when none). */
interface MatchRow {
  version: string;
  /** Set when the row was found by its source package. */
  source_version: string | null;
  purl: string;
  scope: ComponentScope;
  sbom_sha256: string;
  artifact_digest: string;
  pipeline_run_id: string;
  source_commit: string | null;
  environment: string | null;
  kind: EnvironmentKind | null;
  at: Date | null;
}

// A purl's stored versions. Distro purls add the versions of the binaries built from a source of that name.
const VERSIONS_BY_PURL = 'SELECT version, count(*)::int AS rows FROM sbom_component WHERE purl_base = $1 GROUP BY version';
const VERSIONS_BY_PURL_OR_SOURCE = `SELECT version, count(*)::int AS rows FROM (
    SELECT version FROM sbom_component WHERE purl_base = $1
    UNION ALL SELECT source_version FROM sbom_component WHERE source_purl_base = $1) v
  GROUP BY version`;

// One row per component and environment: the planner may hash-join a popular purl's thousands of rows.
const ROWS_BY_PURL = `SELECT c.version, NULL AS source_version, c.purl, c.scope, c.sbom_sha256, d.artifact_digest, d.pipeline_run_id, d.source_commit, e.environment, e.kind, e.at
     FROM sbom_component c
     JOIN sbom_document d ON d.sha256 = c.sbom_sha256
     LEFT JOIN artifact_environment e ON e.artifact_digest = d.artifact_digest
    WHERE c.purl_base = $1 AND c.version = ANY($2::text[])`;
// A UNION ALL of two index-only scans, each on its own index, rather than an OR the planner would answer with bitmap heap scans.
const ROWS_BY_PURL_OR_SOURCE = `SELECT c.version, c.source_version, c.purl, c.scope, c.sbom_sha256, d.artifact_digest, d.pipeline_run_id, d.source_commit, e.environment, e.kind, e.at
     FROM (SELECT version, NULL AS source_version, purl, scope, sbom_sha256 FROM sbom_component WHERE purl_base = $1 AND version = ANY($2::text[])
           UNION ALL
           SELECT version, source_version, purl, scope, sbom_sha256 FROM sbom_component WHERE source_purl_base = $1 AND source_version = ANY($2::text[])) c
     JOIN sbom_document d ON d.sha256 = c.sbom_sha256
     LEFT JOIN artifact_environment e ON e.artifact_digest = d.artifact_digest`;

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Folds the per-environment rows back into one match per component of an SBOM, environments sorted. */
function matchesOf(rows: MatchRow[]): ArtifactMatch[] {
  const byComponent = new Map<string, ArtifactMatch>();
  for (const r of rows) {
    // A purl is unique within an SBOM.
    const key = `${r.sbom_sha256} ${r.purl}`;
    let match = byComponent.get(key);
    if (!match) {
      match = {
        artifactDigest: r.artifact_digest,
        version: r.version,
        purl: r.purl,
        scope: r.scope,
        sbomSha256: r.sbom_sha256,
        pipelineRunId: r.pipeline_run_id,
        sourceCommit: r.source_commit,
        environments: [],
        ...(r.source_version !== null && { sourceVersion: r.source_version }),
      };
      byComponent.set(key, match);
    }
    if (r.environment !== null && r.kind !== null && r.at !== null) match.environments.push({ environment: r.environment, kind: r.kind, at: r.at });
  }
  const matches = [...byComponent.values()];
  for (const match of matches) match.environments.sort((a, b) => byText(a.environment, b.environment) || byText(a.kind, b.kind));
  return matches;
}

/**
 * Stored SBOMs and the component index behind "which of our artifacts contain X?".
 * Every method takes the caller's EntityManager, so it joins the caller's transaction
 * (with the inbox and outbox) rather than opening its own.
 */
export class SbomStore {
  /** Stores the SBOM of an artifact once; a repeat stores nothing and returns the first one's sha256. */
  async save(manager: EntityManager, built: StorableSbom, meta: SbomMeta): Promise<{ stored: boolean; sha256: string }> {
    if (!ARTIFACT_DIGEST.test(meta.artifactDigest)) throw new SbomStoreError('ARTIFACT_DIGEST_INVALID', `artifact digest must be sha256:<64 hex>, got ${JSON.stringify(meta.artifactDigest)}`);
    if (built.subject.digest !== undefined && built.subject.digest !== meta.artifactDigest) {
      throw new SbomStoreError('ARTIFACT_DIGEST_INVALID', `the SBOM describes ${built.subject.digest}, not ${meta.artifactDigest}`);
    }
    const sha256 = createHash('sha256').update(built.cyclonedx).digest('hex');
    if (sha256 !== built.sha256) throw new SbomStoreError('SBOM_SHA256_MISMATCH', `the CycloneDX bytes hash to ${sha256}, not ${built.sha256}`);

    const components = built.inventory.components;
    const sources = components.map((c) => sourcePackageOf(c.purl, c.version));
    // No conflict target: a repeat of the artifact and a repeat of the bytes both store nothing.
    const inserted = (await manager.query(
      `INSERT INTO sbom_document (sha256, artifact_digest, pipeline_run_id, source_commit, subject_name, cyclonedx, spdx, component_count, components_by_ecosystem)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING sha256`,
      [sha256, meta.artifactDigest, meta.pipelineRunId, meta.sourceCommit ?? null, built.subject.name, built.cyclonedx, built.spdx, components.length, JSON.stringify(built.componentsByEcosystem)],
    )) as unknown[];
    if (!inserted.length) {
      const [first] = (await manager.query('SELECT sha256 FROM sbom_document WHERE artifact_digest = $1', [meta.artifactDigest])) as { sha256: string }[];
      if (!first) throw new SbomStoreError('SBOM_STORED_FOR_OTHER_ARTIFACT', `an SBOM with sha256 ${sha256} is stored for another artifact; the SBOM must name ${meta.artifactDigest}`);
      return { stored: false, sha256: first.sha256 };
    }
    // One statement for every component: arrays unnested server-side, one parameter per column.
    await manager.query(
      `INSERT INTO sbom_component (sbom_sha256, ecosystem, purl_base, version, purl, scope, source_purl_base, source_version)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [
        sha256,
        components.map((c) => c.ecosystem),
        components.map((c) => purlBase(c.purl)),
        components.map((c) => c.version),
        components.map((c) => c.purl),
        components.map((c) => c.scope),
        sources.map((s) => s?.purlBase ?? null),
        sources.map((s) => s?.version ?? null),
      ],
    );
    return { stored: true, sha256 };
  }

  /** The stored document of an artifact in the given format; undefined when none is stored. */
  async getDocument(manager: EntityManager, artifactDigest: string, format: SbomFormat): Promise<string | undefined> {
    const column = DOCUMENT_COLUMNS[format] as string | undefined;
    if (!column) throw new TypeError(`unknown SBOM format ${JSON.stringify(format)}`);
    const [row] = (await manager.query(`SELECT ${column} AS document FROM sbom_document WHERE artifact_digest = $1`, [artifactDigest])) as { document: string }[];
    return row?.document;
  }

  /**
   * Records that an artifact reached an environment. Idempotent, and the earliest time
   * wins whatever order events arrive in. True when this call changed what is recorded.
   */
  async recordEnvironment(manager: EntityManager, record: ArtifactEnvironment & { artifactDigest: string }): Promise<boolean> {
    const changed = (await manager.query(
      `INSERT INTO artifact_environment (artifact_digest, environment, kind, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (artifact_digest, environment, kind) DO UPDATE SET at = excluded.at WHERE excluded.at < artifact_environment.at
       RETURNING 1`,
      [record.artifactDigest, record.environment, record.kind, record.at],
    )) as unknown[];
    return changed.length > 0;
  }

  /**
   * The artifacts whose SBOM lists `purl` (versionless, or versioned meaning `=version`) at a
   * version in `range` (the ecosystem's range syntax, see parseRange). The purl and range are
   * checked before any SQL runs. Two round trips at most: the purl's distinct versions, then
   * the rows of the versions in range with their documents and environments.
   *
   * A deb or apk purl also finds the binaries built from that source package (their purl's
   * `upstream=`), as distro advisories name it: `pkg:deb/debian/glibc` finds `libc6`, its range
   * checked against the source version (`sourceVersion` of the match).
   */
  async findArtifactsContaining(manager: EntityManager, purl: string, range?: string): Promise<ComponentMatches> {
    const query = parseComponentQuery(purl, range);
    const bySource = query.ecosystem === 'deb' || query.ecosystem === 'apk';
    const versionRows = (await manager.query(bySource ? VERSIONS_BY_PURL_OR_SOURCE : VERSIONS_BY_PURL, [query.purlBase])) as {
      version: string;
      rows: number;
    }[];
    const selection = selectVersions(
      query,
      versionRows.map((r) => r.version),
    );
    const skippedVersions = versionRows.filter((r) => selection.unparsable.includes(r.version)).reduce((sum, r) => sum + r.rows, 0);
    if (!selection.selected.length) return { matches: [], skippedVersions };

    const rows = (await manager.query(bySource ? ROWS_BY_PURL_OR_SOURCE : ROWS_BY_PURL, [query.purlBase, selection.selected])) as MatchRow[];
    const matches = matchesOf(rows);
    const rank = (m: ArtifactMatch) => selection.rank.get(m.sourceVersion ?? m.version) ?? 0;
    matches.sort((a, b) => byText(a.artifactDigest, b.artifactDigest) || rank(a) - rank(b) || byText(a.purl, b.purl));
    return { matches, skippedVersions };
  }
}
