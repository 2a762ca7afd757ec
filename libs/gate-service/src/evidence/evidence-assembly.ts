import { AttestationVerifier, SLSA_PROVENANCE_PREDICATE_TYPE, type TrustPolicy } from '@tollgate/attestation';
import type { GateEvidence, SbomComponent, SignatureEvidence } from '@tollgate/policy';
import type { Finding } from '@tollgate/scanning';
import type { StoredEvidence } from './evidence-records';

/** Where the gate reads what the events only point at (claim checks): the other services' APIs. */
export interface EvidenceSources {
  /** The SBOM's components, from the SBOM builder; the document must hash to `sbomDigest`. */
  sbomComponents(artifactDigest: string, sbomDigest: string): Promise<SbomComponent[]>;
  /** Findings of the run's scans by scan id, from the scanner runner. */
  findingsOfScans(pipelineRunId: string): Promise<Map<string, Finding[]>>;
  /** The artifact's bundles by digest, from the signer. */
  bundles(artifactDigest: string): Promise<Map<string, unknown>>;
  /** Known-exploited vulnerability ids the operator supplies. */
  kev?: readonly string[];
}

function credentialsOf(stored: StoredEvidence): GateEvidence['credentials'] {
  // A denial anywhere in the run decides: it is the fail-closed outcome.
  const denied = stored.credentials.find((c) => c.outcome === 'denied');
  if (denied) return { outcome: 'denied', ...(denied.reason && { reason: denied.reason }), ...(denied.category && { category: denied.category }) };
  return stored.credentials.length > 0 ? { outcome: 'issued' } : undefined;
}

function scansOf(stored: StoredEvidence): GateEvidence['scans'] {
  return stored.scans.map((s) => ({
    scanner: s.scanner,
    kind: s.kind as GateEvidence['scans'][number]['kind'],
    status: s.status,
    ...(s.failureCode && { failureCode: s.failureCode }),
    ...(s.reason && { reason: s.reason }),
  }));
}

/** What has arrived, without reading anything elsewhere: enough to tell whether evidence is still missing. */
export function arrivedEvidence(pipelineRunId: string, artifactDigest: string, stored: StoredEvidence): GateEvidence {
  const credentials = credentialsOf(stored);
  return {
    pipelineRunId,
    artifactDigest,
    ...(credentials && { credentials }),
    ...(stored.sbom && { sbom: { digest: stored.sbom.sbomDigest, components: [] } }),
    findings: [],
    scans: scansOf(stored),
    ...(stored.signature && { signature: { verified: false, predicateTypes: [] } }),
  };
}

/**
 * The signatures as a verifier outside Tollgate would check them: every bundle the signer
 * announced, against the pinned trust policy; provenance must be among them.
 */
export async function verifySignatures(artifactDigest: string, signature: NonNullable<StoredEvidence['signature']>, sources: EvidenceSources, trust: TrustPolicy): Promise<SignatureEvidence> {
  if (!signature.signed) return { verified: false, failure: { code: signature.code, message: signature.reason }, predicateTypes: [] };
  const stored = await sources.bundles(artifactDigest);
  const verifier = new AttestationVerifier(trust);
  const predicateTypes: string[] = [];
  let provenance: SignatureEvidence | undefined;
  for (const announced of signature.bundles) {
    const bundle = stored.get(announced.digest);
    if (bundle === undefined) return { verified: false, failure: { code: 'BUNDLE_MISSING', message: `the signer has no bundle ${announced.digest} it announced` }, predicateTypes };
    const result = verifier.check({ bundle, digest: artifactDigest });
    if (!result.verified) return { verified: false, failure: { code: result.code, message: result.message }, predicateTypes };
    predicateTypes.push(result.attestation.predicateType);
    const facts = result.attestation.provenance;
    if (facts) provenance = { verified: true, predicateTypes: [], builderId: facts.builderId, sourceRepository: facts.repository, sourceRef: facts.ref };
  }
  if (!predicateTypes.includes(SLSA_PROVENANCE_PREDICATE_TYPE)) {
    return { verified: false, failure: { code: 'PROVENANCE_MISSING', message: 'no SLSA provenance among the artifact’s bundles' }, predicateTypes: predicateTypes.sort() };
  }
  return { ...provenance!, predicateTypes: predicateTypes.sort() };
}

/** The full evidence: SBOM components, the scans' findings and verified signatures read from their services. */
export async function assembleEvidence(pipelineRunId: string, artifactDigest: string, stored: StoredEvidence, sources: EvidenceSources, trust: TrustPolicy): Promise<GateEvidence> {
  const base = arrivedEvidence(pipelineRunId, artifactDigest, stored);
  const scanIds = stored.scans.filter((s) => s.status === 'completed' && s.scanId).map((s) => s.scanId!);
  const byScan = scanIds.length > 0 ? await sources.findingsOfScans(pipelineRunId) : new Map<string, Finding[]>();
  const findings = scanIds.flatMap((id) => byScan.get(id) ?? []);
  return {
    ...base,
    ...(stored.sbom && { sbom: { digest: stored.sbom.sbomDigest, components: await sources.sbomComponents(artifactDigest, stored.sbom.sbomDigest) } }),
    findings,
    ...(stored.signature && { signature: await verifySignatures(artifactDigest, stored.signature, sources, trust) }),
    ...(sources.kev && sources.kev.length > 0 && { kev: [...sources.kev] }),
  };
}
