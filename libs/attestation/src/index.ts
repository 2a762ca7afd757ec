// Public API of attestations: in-toto statements (SLSA provenance, CycloneDX SBOM,
// SLSA VSA), DSSE, Sigstore bundles signed through a broker-held key, and verification
// against a trust policy. Shared by the signer, the policy gate and admission.

// Statements
export {
  IN_TOTO_STATEMENT_TYPE,
  IN_TOTO_STATEMENT_TYPE_V01,
  IN_TOTO_PAYLOAD_TYPE,
  buildStatement,
  serializeStatement,
  subjectOf,
  type ArtifactRef,
  type InTotoStatement,
  type InTotoSubject,
  type ResourceDescriptor,
} from './statement/in-toto-statement';
export { SHA256_DIGEST_PATTERN, digestHex } from './statement/attestation-formats';
export { AttestationInputError } from './statement/attestation-input.error';
export {
  SLSA_PROVENANCE_PREDICATE_TYPE,
  JENKINS_PIPELINE_BUILD_TYPE,
  buildProvenanceStatement,
  jenkinsBuilderId,
  sourceDependency,
  type ProvenanceInput,
  type SlsaProvenancePredicate,
} from './statement/slsa-provenance';
export { CYCLONEDX_PREDICATE_TYPE, buildSbomStatement, type CycloneDxBom, type SbomAttestationInput } from './statement/cyclonedx-sbom';
export {
  SLSA_VSA_PREDICATE_TYPE,
  VSA_RESULTS,
  buildVsaStatement,
  digestInResourceUri,
  type VerificationSummaryPredicate,
  type VsaInput,
  type VsaResult,
} from './statement/verification-summary';

// DSSE
export { preAuthEncoding } from './dsse/dsse-pae';
export { verifyDsseSignature, type DsseEnvelopeJson } from './dsse/verify-dsse-signature';

// Signing
export { keyHint, parseKeyHint, KEY_NAME_PATTERN, type KeyId } from './signing/key-hint';
export { SigstoreRemoteKeySigner, type RemoteKeySigner, type RemoteSignature } from './signing/remote-key-signer';
export { BrokerTransitSigner, type BrokerTransitSignerOptions } from './signing/broker-transit-signer';
export { SignerError, SIGNER_ERROR_CODES, type SignerErrorCode } from './signing/signer.error';
export { AttestationSigner, keyBundleBuilder, SIGSTORE_BUNDLE_V03_MEDIA_TYPE, type SignedAttestation } from './signing/attestation-signer';
export { keylessBundleBuilder, KeylessOptionsError, type KeylessOptions } from './signing/keyless-bundle-builder';
export { createAttestationSigner, type SigningMode } from './signing/create-attestation-signer';
export {
  publicKeysDocument,
  KEY_STATUSES,
  type KeyStatus,
  type PublishedKey,
  type PublicKeyEntry,
  type PublicKeysDocument,
} from './signing/public-keys-document';

// Verification
export { trustPolicySchema, type TrustPolicy, type TrustPolicyInput, type TrustedKey } from './verify/trust-policy.schema';
export { parseTrustPolicy, loadTrustPolicyFile, TrustPolicyError } from './verify/load-trust-policy';
export {
  AttestationVerifier,
  verifyAttestation,
  type VerifyAttestationRequest,
  type VerifiedAttestation,
  type VerificationResult,
} from './verify/attestation-verifier';
export { AttestationVerificationError, VERIFICATION_FAILURE_CODES, type VerificationFailureCode } from './verify/verification.error';
export { type ProvenanceFacts, type VsaFacts } from './verify/predicate-checks';

// CLI (wired into apps/cli by the CLI's owner)
export { verifyCommand } from './cli/verify.command';
export { VERIFY_USAGE } from './cli/verify-usage';

// Testing: an in-process, rotatable key with the broker signer's interface (tests and benchmarks only)
export { InProcessKeySigner, generateSigningKey, signLikeTransit, type SigningKeyType } from './testing/in-process-key-signer';
export { TransitTestServer, type TransitTestServerOptions } from './testing/transit-test-server';
