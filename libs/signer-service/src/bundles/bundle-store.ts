import type { EntityManager } from 'typeorm';

export interface StoredBundle {
  bundleDigest: string;
  artifactDigest: string;
  predicateType: string;
  keyHint?: string;
  pipelineRunId: string;
  createdAt: Date;
  /** The bundle's canonical JSON, exactly the bytes its digest addresses. */
  bundleJson: string;
}

export interface NewBundle {
  bundleDigest: string;
  artifactDigest: string;
  predicateType: string;
  keyHint?: string;
  pipelineRunId: string;
  bundleJson: string;
}

/**
 * Stores a bundle unless the artifact already has one of that predicate type; returns
 * the one kept. A second signature over the same statement differs (ECDSA is randomised),
 * so the first stored is the one every reader and event refers to.
 */
export async function storeBundle(manager: EntityManager, bundle: NewBundle): Promise<{ stored: boolean; bundleDigest: string }> {
  const inserted = (await manager.query(
    `INSERT INTO signer_bundle (bundle_digest, artifact_digest, predicate_type, key_hint, pipeline_run_id, bundle_json)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (artifact_digest, predicate_type) DO NOTHING RETURNING bundle_digest`,
    [bundle.bundleDigest, bundle.artifactDigest, bundle.predicateType, bundle.keyHint ?? null, bundle.pipelineRunId, bundle.bundleJson],
  )) as { bundle_digest: string }[];
  if (inserted.length > 0) return { stored: true, bundleDigest: bundle.bundleDigest };
  const [kept] = (await manager.query('SELECT bundle_digest FROM signer_bundle WHERE artifact_digest = $1 AND predicate_type = $2', [bundle.artifactDigest, bundle.predicateType])) as {
    bundle_digest: string;
  }[];
  return { stored: false, bundleDigest: kept.bundle_digest };
}

export async function bundlesOfArtifact(manager: EntityManager, artifactDigest: string): Promise<StoredBundle[]> {
  const rows = (await manager.query(
    `SELECT bundle_digest, artifact_digest, predicate_type, key_hint, pipeline_run_id, created_at, bundle_json
       FROM signer_bundle WHERE artifact_digest = $1 ORDER BY created_at, predicate_type`,
    [artifactDigest],
  )) as { bundle_digest: string; artifact_digest: string; predicate_type: string; key_hint: string | null; pipeline_run_id: string; created_at: Date; bundle_json: string }[];
  return rows.map((r) => ({
    bundleDigest: r.bundle_digest,
    artifactDigest: r.artifact_digest,
    predicateType: r.predicate_type,
    ...(r.key_hint !== null && { keyHint: r.key_hint }),
    pipelineRunId: r.pipeline_run_id,
    createdAt: r.created_at,
    bundleJson: r.bundle_json,
  }));
}
