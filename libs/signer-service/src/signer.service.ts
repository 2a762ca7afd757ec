import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  buildProvenanceStatement,
  buildSbomStatement,
  buildVsaStatement,
  CYCLONEDX_PREDICATE_TYPE,
  SignerError,
  SLSA_PROVENANCE_PREDICATE_TYPE,
  SLSA_VSA_PREDICATE_TYPE,
  type AttestationSigner,
  type InTotoStatement,
  type SignedAttestation,
} from '@tollgate/attestation';
import { buildEvent, type TollgateEvent } from '@tollgate/events';
import type { Outbox } from '@tollgate/messaging';
import { bundlesOfArtifact, storeBundle } from './bundles/bundle-store';
import { EvidenceMissingError, provenanceInputOf } from './provenance-input';
import { findArtifactRunFacts } from './run-facts/run-facts.repository';

export const SIGNER_SOURCE = '/tollgate/signer';
/** What a build gets: provenance and the SBOM, signed. */
export const BUILD_PREDICATES = [SLSA_PROVENANCE_PREDICATE_TYPE, CYCLONEDX_PREDICATE_TYPE];

export interface SignerServiceOptions {
  /** A signer for one run: the broker checks the run against the signer's role and audits it. */
  signerFor(pipelineRunId: string): AttestationSigner;
  /** The stored CycloneDX text of an artifact's SBOM (the SBOM builder's API). */
  sbomDocument(artifactDigest: string): Promise<string | undefined>;
  /** Who verified, in VSAs: this signer's identity as a URI. */
  verifierId: string;
}

interface HandlerScope {
  manager: EntityManager;
  outbox: Outbox;
  /** The last delivery the consumer allows: a failure now is reported, not retried. */
  finalAttempt: boolean;
}

type Failure = { code: 'SIGNER_UNAVAILABLE' | 'SIGNING_REFUSED' | 'EVIDENCE_MISSING'; reason: string };

/**
 * The signer's use cases. Keys stay in the broker: this service only ever sees
 * statements, signatures and public keys. Failures the gate must know about are
 * published as signing.failed once retrying is over (or pointless).
 */
export class SignerService {
  constructor(private readonly options: SignerServiceOptions) {}

  /** sbom.generated: sign provenance and the SBOM for the artifact; publish artifact.signed, or signing.failed. */
  async attestBuild(event: TollgateEvent, scope: HandlerScope): Promise<void> {
    const digest = event.artifactdigest!;
    const content = event.data.subject.content as { sbomDigest: string };
    const existing = await bundlesOfArtifact(scope.manager, digest);
    if (BUILD_PREDICATES.every((type) => existing.some((b) => b.predicateType === type))) return; // signed before
    let signed: SignedAttestation[];
    try {
      const facts = await findArtifactRunFacts(scope.manager, digest);
      if (!facts) throw new EvidenceMissingError(['the artifact.packaged event of this artifact']);
      const statements = [buildProvenanceStatement(provenanceInputOf(facts)), await this.sbomStatement(facts.subjectId, digest, content.sbomDigest)];
      signed = await this.signAll(event.pipelinerunid, statements);
    } catch (error) {
      const failure = failureOf(error);
      if (!failure || (!scope.finalAttempt && failure.code !== 'SIGNING_REFUSED')) throw error;
      await scope.outbox.add(scope.manager, failedEvent(event, failure, BUILD_PREDICATES));
      return;
    }
    const kept = [];
    for (const bundle of signed) kept.push({ bundle, ...(await this.store(scope.manager, bundle, event.pipelinerunid)) });
    await scope.outbox.add(
      scope.manager,
      buildEvent('artifact.signed', {
        source: SIGNER_SOURCE,
        subjectId: event.data.subject.id,
        pipelineRunId: event.pipelinerunid,
        artifactDigest: digest,
        traceparent: event.traceparent,
        id: `signed:${digest}`,
        // The provenance bundle is the artifact's signature; every bundle is listed by digest.
        content: { signature: kept[0].bundleDigest },
        customData: { bundles: kept.map((k) => ({ predicateType: k.bundle.predicateType, digest: k.bundleDigest, keyHint: k.bundle.keyHint })) },
      }),
    );
  }

  /** gate.passed: a signed SLSA verification summary over the artifact's attestations. */
  async issueVsa(event: TollgateEvent, scope: HandlerScope): Promise<void> {
    const digest = event.artifactdigest!;
    const existing = await bundlesOfArtifact(scope.manager, digest);
    if (existing.some((b) => b.predicateType === SLSA_VSA_PREDICATE_TYPE)) return;
    const policy = (event.data.subject.content as { policy: { name: string; version: string; digest: string } }).policy;
    const policyUri = `urn:tollgate:policy:${encodeURIComponent(policy.name)}:${encodeURIComponent(policy.version)}`;
    let signed: SignedAttestation;
    try {
      const statement = buildVsaStatement({
        artifact: { name: event.data.subject.id, digest },
        verifierId: this.options.verifierId,
        timeVerified: event.time,
        resourceUri: resourceUriOf(event.data.subject.id, digest),
        policy: { uri: policyUri, digest: policy.digest },
        inputAttestations: existing.map((b) => ({ digest: b.bundleDigest })),
        verificationResult: 'PASSED',
        // Hosted build platform, provenance signed by a key the build cannot reach.
        verifiedLevels: ['SLSA_BUILD_LEVEL_2'],
      });
      [signed] = await this.signAll(event.pipelinerunid, [statement]);
    } catch (error) {
      const failure = failureOf(error);
      if (!failure || (!scope.finalAttempt && failure.code !== 'SIGNING_REFUSED')) throw error;
      await scope.outbox.add(scope.manager, failedEvent(event, failure, [SLSA_VSA_PREDICATE_TYPE]));
      return;
    }
    const { bundleDigest } = await this.store(scope.manager, signed, event.pipelinerunid);
    await scope.outbox.add(
      scope.manager,
      buildEvent('vsa.issued', {
        source: SIGNER_SOURCE,
        subjectId: event.data.subject.id,
        pipelineRunId: event.pipelinerunid,
        artifactDigest: digest,
        traceparent: event.traceparent,
        id: `vsa:${digest}`,
        content: { artifactDigest: digest, bundleDigest, verificationResult: 'PASSED', policyUri },
      }),
    );
  }

  private async sbomStatement(subjectId: string, digest: string, sbomDigest: string): Promise<InTotoStatement> {
    const text = await this.options.sbomDocument(digest);
    if (text === undefined) throw new EvidenceMissingError([`the SBOM of ${digest} (the SBOM builder has none)`]);
    // Claim check: the document fetched must be the one the event announced.
    const actual = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    if (actual !== sbomDigest) throw new EvidenceMissingError([`the SBOM announced as ${sbomDigest} (the SBOM builder served ${actual})`]);
    return buildSbomStatement({ artifact: { name: subjectId, digest }, bom: JSON.parse(text) as { bomFormat: 'CycloneDX'; specVersion: string } });
  }

  private async signAll(pipelineRunId: string, statements: InTotoStatement[]): Promise<SignedAttestation[]> {
    const signer = this.options.signerFor(pipelineRunId);
    const out: SignedAttestation[] = [];
    for (const statement of statements) out.push(await signer.sign(statement));
    return out;
  }

  private store(manager: EntityManager, signed: SignedAttestation, pipelineRunId: string) {
    const artifactDigest = signed.subjectDigests[0];
    return storeBundle(manager, { bundleDigest: signed.bundleDigest, artifactDigest, predicateType: signed.predicateType, keyHint: signed.keyHint, pipelineRunId, bundleJson: signed.bundleJson });
  }
}

/** The artifact as a URI naming its digest: the subject itself when it does, else the subject with a checksum qualifier. */
function resourceUriOf(subjectId: string, digest: string): string {
  if (subjectId.includes(digest) || subjectId.includes(digest.replace(':', '%3A'))) return subjectId;
  return `${subjectId}${subjectId.includes('?') ? '&' : '?'}checksum=${digest}`;
}

function failureOf(error: unknown): Failure | undefined {
  if (error instanceof EvidenceMissingError) return { code: 'EVIDENCE_MISSING', reason: error.message };
  if (error instanceof SignerError) return { code: error.code === 'SIGNER_UNAVAILABLE' ? 'SIGNER_UNAVAILABLE' : 'SIGNING_REFUSED', reason: error.message };
  return undefined;
}

function failedEvent(event: TollgateEvent, failure: Failure, predicateTypes: string[]): TollgateEvent {
  return buildEvent('signing.failed', {
    source: SIGNER_SOURCE,
    subjectId: event.data.subject.id,
    pipelineRunId: event.pipelinerunid,
    artifactDigest: event.artifactdigest!,
    traceparent: event.traceparent,
    id: `signing-failed:${event.id}`,
    content: { artifactDigest: event.artifactdigest!, code: failure.code, reason: failure.reason.slice(0, 500), predicateTypes },
  });
}
