import type { ProvenanceInput } from '@tollgate/attestation';
import type { ArtifactRunFacts } from './run-facts/run-facts.repository';

/** Provenance cannot be stated yet: these facts have not arrived (or never will). */
export class EvidenceMissingError extends Error {
  override readonly name = 'EvidenceMissingError';

  constructor(readonly missing: string[]) {
    super(`cannot attest yet: missing ${missing.join(', ')}`);
  }
}

/** Jenkins run URLs are `<controller root>/job/<folder>/job/<name>/<number>/`: the root is what precedes the first `/job/`. */
function controllerRoot(runUrl: string): string | undefined {
  const at = runUrl.indexOf('/job/');
  return at === -1 ? undefined : runUrl.slice(0, at + 1);
}

/** A branch as Jenkins' git plugin reports it (`origin/main`, `main`, `refs/heads/main`) as a full ref. */
function fullRef(branch: string): string {
  if (branch.startsWith('refs/')) return branch;
  return `refs/heads/${branch.replace(/^origin\//, '')}`;
}

/**
 * SLSA provenance for an artifact, from what its run's events said: the Jenkins job and
 * run (builder id, invocation), the change it was built from (artifact.packaged, else the
 * run's SCM), when the run started and when the artifact was packaged.
 */
export function provenanceInputOf(facts: ArtifactRunFacts): ProvenanceInput {
  const missing: string[] = [];
  const runUrl = facts.runUrl;
  const root = runUrl ? controllerRoot(runUrl) : undefined;
  const repository = facts.change.source ?? facts.scm.url;
  const commit = facts.change.id ?? facts.scm.commit;
  if (!facts.pipelineName) missing.push('the pipeline name (pipelinerun.started)');
  if (!runUrl) missing.push('the run URL (pipelinerun.started)');
  else if (!root) missing.push(`a Jenkins controller in the run URL ${runUrl}`);
  if (!facts.startedAt) missing.push('the run start time (pipelinerun.started)');
  if (!repository) missing.push('the source repository (artifact.packaged change.source or the run SCM)');
  if (!commit) missing.push('the source commit (artifact.packaged change.id or the run SCM)');
  if (!facts.scm.branch) missing.push('the source ref (the run SCM branch)');
  if (missing.length > 0) throw new EvidenceMissingError(missing);
  return {
    artifact: { name: facts.subjectId, digest: facts.artifactDigest },
    jenkins: { controllerUrl: root!, pipeline: facts.pipelineName!, runUrl: runUrl! },
    source: { repository: repository!, ref: fullRef(facts.scm.branch!), commit: commit! },
    startedOn: facts.startedAt!,
    finishedOn: facts.packagedAt,
  };
}
