import { createHash } from 'node:crypto';
import { type ProvenanceInput } from '../statement/slsa-provenance';
import { type SbomAttestationInput } from '../statement/cyclonedx-sbom';
import { type VsaInput } from '../statement/verification-summary';
import { type TrustPolicyInput } from '../verify/trust-policy.schema';

/** A realistic artifact digest derived from a label, so tests read `digestOf('api-image')`. */
export function digestOf(label: string): string {
  return `sha256:${createHash('sha256').update(label).digest('hex')}`;
}

export const CONTROLLER_URL = 'https://jenkins.example.test/';
export const BUILDER_ID = 'https://jenkins.example.test/job/payments/job/api';
export const REPOSITORY = 'https://git.example.test/payments/api.git';
export const VERIFIER_ID = 'https://tollgate.example.test/policy-engine';
export const COMMIT = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

export function provenanceInput(digest: string, overrides: Partial<ProvenanceInput> = {}): ProvenanceInput {
  return {
    artifact: { name: 'registry.example.test/payments/api', digest },
    jenkins: { controllerUrl: CONTROLLER_URL, pipeline: 'payments/api', runUrl: `${BUILDER_ID}/42/` },
    source: { repository: REPOSITORY, ref: 'refs/heads/main', commit: COMMIT },
    startedOn: '2025-03-01T10:00:00Z',
    finishedOn: '2025-03-01T10:07:30Z',
    ...overrides,
  };
}

export function sbomInput(digest: string): SbomAttestationInput {
  return {
    artifact: { name: 'registry.example.test/payments/api', digest },
    bom: {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [
        { type: 'library', name: 'express', version: '4.21.2', purl: 'pkg:npm/express@4.21.2' },
        { type: 'library', name: 'zod', version: '4.1.0', purl: 'pkg:npm/zod@4.1.0' },
      ],
    },
  };
}

export function vsaInput(digest: string, overrides: Partial<VsaInput> = {}): VsaInput {
  return {
    artifact: { name: 'registry.example.test/payments/api', digest },
    verifierId: VERIFIER_ID,
    timeVerified: '2025-03-01T10:09:00Z',
    resourceUri: `oci://registry.example.test/payments/api@${digest}`,
    policy: { uri: 'https://tollgate.example.test/policies/release', digest: digestOf('release-policy') },
    inputAttestations: [{ uri: 'https://tollgate.example.test/attestations/1', digest: digestOf('provenance-bundle') }],
    verificationResult: 'PASSED',
    verifiedLevels: ['SLSA_BUILD_LEVEL_2'],
    ...overrides,
  };
}

/** A policy accepting the three predicates from the fixtures' builder, repository and verifier. */
export function trustPolicy(keys: TrustPolicyInput['keys'], overrides: Partial<TrustPolicyInput> = {}): TrustPolicyInput {
  return {
    keys,
    predicateTypes: ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom', 'https://slsa.dev/verification_summary/v1'],
    provenance: { builderIds: [BUILDER_ID], sources: [{ repository: 'https://git.example.test/payments/api', refs: ['refs/heads/main', 'refs/tags/v*'] }] },
    vsa: { verifierIds: [VERIFIER_ID] },
    ...overrides,
  };
}
