import type { EntityManager } from 'typeorm';
import { buildEvent, type TollgateEvent } from '@tollgate/events';
import type { Outbox } from '@tollgate/messaging';
import { IAC_SCANNER, SECRETS_SCANNER, sarifOf, type ExternalScannerConfig } from '@tollgate/scanning';
import { checkoutCommit, ScanInputError, SourceRefusedError, SourceUnavailableError } from './source/checkout';
import { GitCredentialError, withoutCredentials, type GitCredentialSource } from '@tollgate/git-source';
import { recordScan, type ScanOutcome } from './scans/scan-store';
import { runSourceScans } from './scans/source-scans';
import type { AdvisoryCatalogue } from './vulnerabilities/advisory-catalogue';
import { rematchAdvisory, type AffectedArtifact, type ArtifactComponent } from './vulnerabilities/advisory-rematch';
import { OSV_SCANNER, vulnerabilityFindings } from './vulnerabilities/vulnerability-findings';

export const SCANNER_SOURCE = '/tollgate/scanner-runner';

export interface ScannerServiceOptions {
  catalogue: AdvisoryCatalogue;
  /** The stored CycloneDX text of an artifact's SBOM (the SBOM builder's API). */
  sbomDocument(artifactDigest: string): Promise<string | undefined>;
  /** The component index: every stored artifact holding any version of a package (the SBOM builder's API). */
  artifactsContaining(purlBase: string): Promise<ArtifactComponent[]>;
  externalScanners: readonly ExternalScannerConfig[];
  externalTimeoutMs: number;
  /** Read credentials for private repositories; without it every repository is read anonymously. */
  gitCredentials?: GitCredentialSource;
}

/** A tree to scan: a commit, and on a pull request the base it is compared with. */
export interface SourceScanRequest {
  pipelineRunId: string;
  subjectId: string;
  repository: string;
  commit: string;
  baseCommit?: string;
  traceparent?: string;
}

interface Scope {
  manager: EntityManager;
  outbox: Outbox;
}

interface ScmFacts {
  url?: string;
  commit?: string;
  baseCommit?: string;
}

/**
 * The scanner runner's use cases: scan a commit's tree (all of it, or a pull
 * request's changed paths), match an artifact's SBOM against the advisories,
 * and match a new advisory against every stored artifact.
 */
export class ScannerService {
  constructor(private readonly options: ScannerServiceOptions) {}

  /**
   * What a pipeline-run or change event asks to scan: Jenkins' SCM facts on pipelinerun.started,
   * `customData.git` ({ repository, head, base }) on a change event; undefined when it names no commit.
   */
  sourceRequestOf(event: TollgateEvent): SourceScanRequest | undefined {
    const custom = (event.data.customData ?? {}) as { jenkins?: { scm?: ScmFacts }; git?: { repository?: string; head?: string; base?: string } };
    const scm = custom.jenkins?.scm;
    const git = custom.git;
    const repository = git?.repository ?? scm?.url;
    const commit = git?.head ?? scm?.commit;
    if (!repository || !commit) return undefined;
    const baseCommit = git?.base ?? scm?.baseCommit;
    return { pipelineRunId: event.pipelinerunid, subjectId: event.data.subject.id, repository, commit, ...(baseCommit && { baseCommit }), traceparent: event.traceparent };
  }

  /** Checks the commit out, runs every scanner, stores each outcome and publishes scan.completed or scan.failed per scanner. */
  async scanSource(request: SourceScanRequest, scope: Scope): Promise<ScanOutcome[]> {
    let outcomes: ScanOutcome[];
    try {
      const credential = await this.credentialFor(request);
      const tree = await checkoutCommit(request.repository, request.commit, request.baseCommit, credential);
      try {
        outcomes = await runSourceScans(tree, this.options);
      } finally {
        await tree.close();
      }
    } catch (error) {
      if (error instanceof ScanInputError) outcomes = ['iac', 'secret'].map((kind) => failed(kind as 'iac' | 'secret', 'INPUT_INVALID', error.message));
      else if (error instanceof SourceRefusedError) outcomes = ['iac', 'secret'].map((kind) => failed(kind as 'iac' | 'secret', 'SOURCE_UNAVAILABLE', error.message));
      else throw error; // SourceUnavailableError: retried by the consumer
    }
    const target = `${withoutCredentials(request.repository)}@${request.commit}${request.baseCommit ? ` (changes since ${request.baseCommit})` : ''}`;
    for (const outcome of outcomes) await this.record(scope, request, target, outcome);
    return outcomes;
  }

  /** A private repository's read credential; the broker's answer in the scanner's own failure terms. */
  private async credentialFor(request: SourceScanRequest) {
    try {
      return await this.options.gitCredentials?.credentialFor(request.repository, request.pipelineRunId);
    } catch (error) {
      if (!(error instanceof GitCredentialError)) throw error;
      if (error.failure === 'input') throw new ScanInputError(error.message);
      throw error.failure === 'refused' ? new SourceRefusedError(error.message) : new SourceUnavailableError(error.message);
    }
  }

  /** sbom.generated: every component against the advisories; a scan.completed of kind vulnerability (or scan.failed). */
  async scanSbom(event: TollgateEvent, scope: Scope): Promise<ScanOutcome> {
    const digest = event.artifactdigest!;
    const request = { pipelineRunId: event.pipelinerunid, subjectId: event.data.subject.id, artifactDigest: digest, traceparent: event.traceparent };
    const text = await this.options.sbomDocument(digest);
    let outcome: ScanOutcome;
    if (text === undefined) {
      outcome = failed('vulnerability', 'SOURCE_UNAVAILABLE', `the SBOM builder has no SBOM for ${digest}`);
    } else {
      const findings = vulnerabilityFindings(this.options.catalogue, JSON.parse(text) as object);
      outcome = { scanner: OSV_SCANNER, kind: 'vulnerability', status: 'completed', findings, sarif: JSON.stringify(sarifOf(findings, { toolName: 'tollgate', scanners: [OSV_SCANNER] })) };
    }
    await this.record(scope, request, `sbom:${digest}`, outcome);
    return outcome;
  }

  /** A new advisory: stored, then matched against every stored artifact; each newly affected one raises vulnerability.detected. */
  async ingestAdvisory(text: string, source: string, scope: Scope): Promise<{ id: string; outcome: string; affected: AffectedArtifact[] }> {
    const { record, result } = await this.options.catalogue.ingest(scope.manager, text, source);
    const affected = result.withdrawn ? [] : await rematchAdvisory(scope.manager, record, this.options.artifactsContaining);
    for (const { artifact, match } of affected.filter((a) => a.firstTime)) {
      await scope.outbox.add(
        scope.manager,
        buildEvent('vulnerability.detected', {
          source: SCANNER_SOURCE,
          subjectId: artifact.purl,
          pipelineRunId: artifact.pipelineRunId,
          artifactDigest: artifact.artifactDigest,
          id: `vuln:${record.id}:${artifact.artifactDigest}:${artifact.purl}`,
          content: { advisoryId: record.id, componentPurl: artifact.purl, artifactDigest: artifact.artifactDigest, severity: match.severity },
          customData: { environments: artifact.environments, fixedVersions: match.fixedVersions, aliases: match.aliases },
        }),
      );
    }
    return { id: record.id, outcome: result.outcome, affected };
  }

  private async record(scope: Scope, request: { pipelineRunId: string; subjectId: string; artifactDigest?: string; traceparent?: string }, target: string, outcome: ScanOutcome) {
    const saved = await recordScan(scope.manager, { pipelineRunId: request.pipelineRunId, target, outcome });
    if (!saved.stored) return; // a redelivery: published the first time
    const common = {
      source: SCANNER_SOURCE,
      subjectId: request.subjectId,
      pipelineRunId: request.pipelineRunId,
      ...(request.artifactDigest && { artifactDigest: request.artifactDigest }),
      traceparent: request.traceparent,
      id: `scan:${saved.id}`,
    };
    const kind = outcome.kind === 'other' ? 'code' : outcome.kind;
    const event =
      outcome.status === 'completed'
        ? buildEvent('scan.completed', { ...common, content: { scanner: outcome.scanner, kind, findingCounts: saved.counts!, sarifDigest: saved.sarifDigest }, customData: { scanId: saved.id, target } })
        : buildEvent('scan.failed', { ...common, content: { scanner: outcome.scanner, kind, code: outcome.failure.code, reason: outcome.failure.reason.slice(0, 500) }, customData: { scanId: saved.id, target } });
    await scope.outbox.add(scope.manager, event);
  }
}

function failed(kind: 'iac' | 'secret' | 'vulnerability', code: 'INPUT_INVALID' | 'SOURCE_UNAVAILABLE', reason: string): ScanOutcome {
  const scanner = kind === 'iac' ? IAC_SCANNER : kind === 'secret' ? SECRETS_SCANNER : OSV_SCANNER;
  return { scanner, kind, status: 'failed', failure: { code, reason } };
}

