import type { EntityManager } from 'typeorm';
import { affectedPackages, matchAdvisory, type OsvRecord, type VulnerabilityMatch } from '@tollgate/osv';

/** A stored artifact containing some version of a package, as the SBOM builder's component index answers. */
export interface ArtifactComponent {
  artifactDigest: string;
  version: string;
  purl: string;
  pipelineRunId: string;
  environments: { environment: string; kind: string; at: string }[];
}

export interface AffectedArtifact {
  artifact: ArtifactComponent;
  match: VulnerabilityMatch;
  /** False when this artifact was already told about this advisory (a re-ingest raises nothing twice). */
  firstTime: boolean;
}

/**
 * A new advisory against everything already shipped: ask the component index which
 * artifacts contain each package the advisory names (any version), then place each
 * version in the advisory's ranges with the ecosystem's own ordering.
 *
 * Distro advisories name source packages; the index also answers a source name with the
 * binaries built from it (`glibc` → `libc6`). Each is matched by its stored purl as is:
 * matchAdvisory reads its `upstream=` and checks the source version where that differs.
 */
export async function rematchAdvisory(
  manager: EntityManager,
  advisory: OsvRecord,
  artifactsContaining: (purlBase: string) => Promise<ArtifactComponent[]>,
): Promise<AffectedArtifact[]> {
  // By artifact and purl: an advisory naming both a source and one of its binaries finds that binary twice.
  const found = new Map<string, ArtifactComponent>();
  for (const pkg of affectedPackages(advisory)) {
    for (const c of await artifactsContaining(pkg.purlBase)) found.set(`${c.artifactDigest}\0${c.purl}`, c);
  }
  const candidates = [...found.values()];
  // One range check per distinct component; artifacts that share a version share the answer.
  const distinct = new Map(candidates.map((c) => [`${c.purl}\0${c.version}`, { purl: c.purl, version: c.version }]));
  const matches = new Map(matchAdvisory(advisory, [...distinct.values()]).matches.map((m) => [`${m.purl}\0${m.version}`, m]));
  const affected: AffectedArtifact[] = [];
  for (const artifact of candidates) {
    const match = matches.get(`${artifact.purl}\0${artifact.version}`);
    if (!match) continue;
    const inserted = (await manager.query(
      'INSERT INTO vulnerability_alert (advisory_id, artifact_digest, purl) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING advisory_id',
      [advisory.id, artifact.artifactDigest, artifact.purl],
    )) as unknown[];
    affected.push({ artifact, match, firstTime: inserted.length > 0 });
  }
  return affected;
}
