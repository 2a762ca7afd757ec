import type { EntityManager } from 'typeorm';
import type { TollgateEvent } from '@tollgate/events';

/** What the signer knows of a run and one of its artifacts: the facts SLSA provenance states. */
export interface ArtifactRunFacts {
  artifactDigest: string;
  subjectId: string;
  pipelineRunId: string;
  pipelineName?: string;
  runUrl?: string;
  startedAt?: Date;
  packagedAt: Date;
  scm: { url?: string; branch?: string; commit?: string };
  change: { id?: string; source?: string };
}

interface JenkinsCustomData {
  jenkins?: { scm?: { url?: string; branch?: string; commit?: string } };
}

/**
 * Records pipelinerun.queued|started: the first value seen of each fact is kept
 * (COALESCE), so a replayed or late event never rewrites what provenance will say.
 */
export async function recordPipelineRun(manager: EntityManager, event: TollgateEvent): Promise<void> {
  const content = event.data.subject.content as { pipelineName?: string; uri?: string };
  const scm = (event.data.customData as JenkinsCustomData | undefined)?.jenkins?.scm ?? {};
  const started = event.type.includes('pipelinerun.started') ? event.time : null;
  await manager.query(
    `INSERT INTO signer_run (pipeline_run_id, pipeline_name, run_url, started_at, scm_url, scm_branch, scm_commit)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (pipeline_run_id) DO UPDATE SET
       pipeline_name = COALESCE(signer_run.pipeline_name, EXCLUDED.pipeline_name),
       run_url = COALESCE(signer_run.run_url, EXCLUDED.run_url),
       started_at = COALESCE(signer_run.started_at, EXCLUDED.started_at),
       scm_url = COALESCE(signer_run.scm_url, EXCLUDED.scm_url),
       scm_branch = COALESCE(signer_run.scm_branch, EXCLUDED.scm_branch),
       scm_commit = COALESCE(signer_run.scm_commit, EXCLUDED.scm_commit),
       updated_at = now()`,
    [event.pipelinerunid, content.pipelineName ?? null, content.uri ?? null, started, scm.url ?? null, scm.branch ?? null, scm.commit ?? null],
  );
}

/** Records artifact.packaged: which run built the artifact, from which change, when. The first record wins. */
export async function recordPackagedArtifact(manager: EntityManager, event: TollgateEvent): Promise<void> {
  if (!event.artifactdigest) return; // nothing to sign without a digest; the SBOM builder dead-letters it
  const change = (event.data.subject.content as { change?: { id?: string; source?: string } }).change ?? {};
  await manager.query(
    `INSERT INTO signer_artifact (artifact_digest, pipeline_run_id, subject_id, change_id, change_source, packaged_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (artifact_digest) DO NOTHING`,
    [event.artifactdigest, event.pipelinerunid, event.data.subject.id, change.id ?? null, change.source ?? null, event.time],
  );
}

interface FactsRow {
  artifact_digest: string;
  subject_id: string;
  pipeline_run_id: string;
  packaged_at: Date;
  change_id: string | null;
  change_source: string | null;
  pipeline_name: string | null;
  run_url: string | null;
  started_at: Date | null;
  scm_url: string | null;
  scm_branch: string | null;
  scm_commit: string | null;
}

export async function findArtifactRunFacts(manager: EntityManager, artifactDigest: string): Promise<ArtifactRunFacts | undefined> {
  const [row] = (await manager.query(
    `SELECT a.artifact_digest, a.subject_id, a.pipeline_run_id, a.packaged_at, a.change_id, a.change_source,
            r.pipeline_name, r.run_url, r.started_at, r.scm_url, r.scm_branch, r.scm_commit
       FROM signer_artifact a LEFT JOIN signer_run r ON r.pipeline_run_id = a.pipeline_run_id
      WHERE a.artifact_digest = $1`,
    [artifactDigest],
  )) as FactsRow[];
  if (!row) return undefined;
  const defined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
  return {
    artifactDigest: row.artifact_digest,
    subjectId: row.subject_id,
    pipelineRunId: row.pipeline_run_id,
    pipelineName: defined(row.pipeline_name),
    runUrl: defined(row.run_url),
    startedAt: defined(row.started_at),
    packagedAt: row.packaged_at,
    scm: { url: defined(row.scm_url), branch: defined(row.scm_branch), commit: defined(row.scm_commit) },
    change: { id: defined(row.change_id), source: defined(row.change_source) },
  };
}
