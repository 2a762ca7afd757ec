import type { EntityManager } from 'typeorm';
import { buildEvent, type TollgateEvent } from '@tollgate/events';
import type { Outbox } from '@tollgate/messaging';
import { buildSbom, type BuiltSbom, type SbomSource, type SbomSubject, type SupportPolicy } from '@tollgate/sbom';
import { SbomStore } from '@tollgate/sbom-store';
import { GitCredentialError, type GitCredentialSource } from '@tollgate/git-source';
import { NotBuildableError, sourceOfPackagedArtifact, type RegistryAccess } from './artifact-source';

export const SBOM_BUILDER_SOURCE = '/tollgate/sbom-builder';

export interface SbomRequest {
  source: SbomSource;
  subject: Partial<SbomSubject> & { digest: string };
  pipelineRunId: string;
  /** Pins the document's timestamp: the packaging event's time, so a rebuild of the same event gives the same bytes. */
  timestamp: Date;
  traceparent?: string;
  sourceCommit?: string;
}

export interface SbomOutcome {
  sha256: string;
  /** False when the artifact already had an SBOM: nothing new stored or published. */
  stored: boolean;
  componentCount: number;
  componentsByEcosystem: Record<string, number>;
}

/**
 * The SBOM builder's use cases: build from what shipped (outside any
 * transaction: it reads repositories and registries), then store it and
 * publish sbom.generated in the caller's transaction, once per artifact.
 */
export class SbomBuilderService {
  /** Queries (components, documents, environments) go straight to the store. */
  readonly sbomStore = new SbomStore();

  constructor(private readonly options: { registries: RegistryAccess; supportPolicy?: SupportPolicy; gitCredentials?: GitCredentialSource }) {}

  /** What an artifact.packaged event asks for; throws NotBuildableError when it names nothing readable. */
  async requestFor(event: TollgateEvent): Promise<SbomRequest> {
    const { source, subject } = await sourceOfPackagedArtifact(event, this.options.registries);
    return {
      source,
      subject: subject as SbomRequest['subject'],
      pipelineRunId: event.pipelinerunid,
      timestamp: new Date(event.time),
      traceparent: event.traceparent,
      sourceCommit: 'commit' in source ? source.commit : undefined,
    };
  }

  /** A private repository is read with its credential leased for this run; it lives only for the build. */
  async build(request: SbomRequest): Promise<BuiltSbom> {
    let source = request.source;
    if ('repository' in source) {
      const credential = await this.credentialFor(source.repository, request.pipelineRunId);
      if (credential) source = { ...source, credential };
    }
    return buildSbom({ source, subject: request.subject, timestamp: request.timestamp, supportPolicy: this.options.supportPolicy });
  }

  /** A refusal will not change on retry (not buildable); an outage is thrown as is and retried. */
  private async credentialFor(repository: string, pipelineRunId: string) {
    try {
      return await this.options.gitCredentials?.credentialFor(repository, pipelineRunId);
    } catch (error) {
      if (error instanceof GitCredentialError && error.failure !== 'unavailable') throw new NotBuildableError(error.message);
      throw error;
    }
  }

  async store(manager: EntityManager, outbox: Outbox, request: SbomRequest, built: BuiltSbom): Promise<SbomOutcome> {
    const saved = await this.sbomStore.save(manager, built, { artifactDigest: request.subject.digest, pipelineRunId: request.pipelineRunId, sourceCommit: request.sourceCommit });
    const counts = built.componentsByEcosystem as Record<string, number>;
    if (saved.stored) await outbox.add(manager, generatedEvent(request, saved.sha256, built.inventory.components.length, counts));
    return { sha256: saved.sha256, stored: saved.stored, componentCount: built.inventory.components.length, componentsByEcosystem: counts };
  }
}

function generatedEvent(request: SbomRequest, sha256: string, componentCount: number, componentsByEcosystem: Record<string, number>): TollgateEvent {
  return buildEvent('sbom.generated', {
    source: SBOM_BUILDER_SOURCE,
    subjectId: request.subject.purl ?? request.subject.digest,
    pipelineRunId: request.pipelineRunId,
    artifactDigest: request.subject.digest,
    traceparent: request.traceparent,
    // One event per artifact's SBOM, whoever asks again.
    id: `sbom:${request.subject.digest}`,
    content: { sbomDigest: `sha256:${sha256}`, format: 'cyclonedx', componentCount, componentsByEcosystem, artifactDigest: request.subject.digest },
  });
}
