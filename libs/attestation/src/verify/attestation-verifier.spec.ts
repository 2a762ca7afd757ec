import { type SerializedBundle } from '@sigstore/bundle';
import { AttestationSigner, keyBundleBuilder } from '../signing/attestation-signer';
import { buildSbomStatement } from '../statement/cyclonedx-sbom';
import { buildStatement, type InTotoStatement } from '../statement/in-toto-statement';
import { buildProvenanceStatement } from '../statement/slsa-provenance';
import { buildVsaStatement, SLSA_VSA_PREDICATE_TYPE } from '../statement/verification-summary';
import { digestOf, provenanceInput, sbomInput, trustPolicy, vsaInput } from '../testing/attestation-fixtures';
import { InProcessKeySigner } from '../testing/in-process-key-signer';
import { AttestationVerifier, type VerifyAttestationRequest } from './attestation-verifier';
import { trustPolicySchema, type TrustPolicyInput } from './trust-policy.schema';
import { type VerificationFailureCode } from './verification.error';

const DIGEST = digestOf('api-image');

function verifierFor(keys: TrustPolicyInput['keys'], overrides: Partial<TrustPolicyInput> = {}): AttestationVerifier {
  return new AttestationVerifier(trustPolicySchema.parse(trustPolicy(keys, overrides)));
}

function failure(verifier: AttestationVerifier, request: VerifyAttestationRequest): { code: VerificationFailureCode; message: string } {
  const result = verifier.check(request);
  if (result.verified) throw new Error(`expected a failure, verified: ${result.attestation.summary}`);
  return { code: result.code, message: result.message };
}

/** Re-encodes the DSSE payload after `change`, leaving the signature as it was. */
function withPayload(bundle: SerializedBundle, change: (statement: InTotoStatement<Record<string, unknown>>) => void): SerializedBundle {
  const copy = structuredClone(bundle);
  const statement = JSON.parse(Buffer.from(copy.dsseEnvelope!.payload, 'base64').toString()) as InTotoStatement<Record<string, unknown>>;
  change(statement);
  copy.dsseEnvelope!.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return copy;
}

describe(AttestationVerifier.name, () => {
  const signer = new InProcessKeySigner('tollgate-attest', 'ecdsa-p256');
  const attest = AttestationSigner.withKey(signer);
  const verifier = verifierFor(signer.trustedKeys());
  let provenance: SerializedBundle;

  beforeAll(async () => {
    provenance = (await attest.sign(buildProvenanceStatement(provenanceInput(DIGEST)))).bundle;
  });

  describe('#verify', () => {
    it('verifies provenance from the allowed builder and source and says what it verified', () => {
      const verified = verifier.verify({ bundle: JSON.stringify(provenance), digest: DIGEST });
      expect(verified.keyHint).toBe('tollgate-attest:v1');
      expect(verified.provenance).toEqual({
        builderId: 'https://jenkins.example.test/job/payments/job/api',
        repository: 'https://git.example.test/payments/api.git',
        ref: 'refs/heads/main',
        commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      });
      expect(verified.summary).toBe(
        `SLSA provenance (builder https://jenkins.example.test/job/payments/job/api, source https://git.example.test/payments/api.git@refs/heads/main commit a94a8fe5ccb1) for ${DIGEST} (registry.example.test/payments/api), signed by tollgate-attest:v1 (active)`,
      );
    });

    it('accepts a tag ref allowed by a prefix pattern', async () => {
      const tagged = await attest.sign(buildProvenanceStatement(provenanceInput(DIGEST, { source: { ...provenanceInput(DIGEST).source, ref: 'refs/tags/v1.4.0' } })));
      expect(verifier.check({ bundle: tagged.bundle, digest: DIGEST }).verified).toBe(true);
    });
  });

  describe('tampering', () => {
    it('fails SIGNATURE_INVALID when the payload changed after signing', () => {
      const tampered = withPayload(provenance, (s) => {
        (s.predicate.runDetails as { builder: { id: string } }).builder.id = 'https://jenkins.example.test/job/payments/job/api';
        (s.predicate.buildDefinition as { externalParameters: { ref: string } }).externalParameters.ref = 'refs/heads/hotfix';
      });
      expect(failure(verifier, { bundle: tampered, digest: DIGEST })).toEqual({
        code: 'SIGNATURE_INVALID',
        message: 'DSSE signature does not verify with tollgate-attest:v1: the payload or signature changed after signing',
      });
    });

    it('fails SIGNATURE_INVALID when the subject digest inside the payload was swapped', () => {
      const other = digestOf('other-image');
      const tampered = withPayload(provenance, (s) => (s.subject[0].digest.sha256 = other.slice(7)));
      expect(failure(verifier, { bundle: tampered, digest: other }).code).toBe('SIGNATURE_INVALID');
    });

    it('fails SUBJECT_MISMATCH when a valid bundle is presented for another artifact', () => {
      const other = digestOf('other-image');
      expect(failure(verifier, { bundle: provenance, digest: other })).toEqual({ code: 'SUBJECT_MISMATCH', message: `the statement is about ${DIGEST}, not ${other}` });
    });

    it('fails KEY_UNTRUSTED for a signature by a key the policy does not list', async () => {
      const rogue = await AttestationSigner.withKey(new InProcessKeySigner('rogue-key')).sign(buildProvenanceStatement(provenanceInput(DIGEST)));
      expect(failure(verifier, { bundle: rogue.bundle, digest: DIGEST })).toEqual({ code: 'KEY_UNTRUSTED', message: 'signed by rogue-key:v1, which the trust policy does not list' });
    });

    it('fails SIGNATURE_INVALID when another key signs but names a trusted key in its hint', async () => {
      const impostor = new InProcessKeySigner('tollgate-attest');
      const forged = await AttestationSigner.withKey(impostor).sign(buildProvenanceStatement(provenanceInput(DIGEST)));
      expect(forged.keyHint).toBe('tollgate-attest:v1');
      expect(failure(verifier, { bundle: forged.bundle, digest: DIGEST }).code).toBe('SIGNATURE_INVALID');
    });

    it('fails KEY_UNTRUSTED for a hint that does not name a key version', () => {
      const bundle = structuredClone(provenance);
      bundle.verificationMaterial.publicKey = { hint: 'tollgate-attest' };
      bundle.dsseEnvelope!.signatures[0].keyid = 'tollgate-attest';
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({ code: 'KEY_UNTRUSTED', message: 'key hint "tollgate-attest" does not name a key version as <keyName>:v<version>' });
    });

    it('fails BUNDLE_MALFORMED when the DSSE keyid contradicts the bundle hint', () => {
      const bundle = structuredClone(provenance);
      bundle.dsseEnvelope!.signatures[0].keyid = 'tollgate-attest:v9';
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({
        code: 'BUNDLE_MALFORMED',
        message: `DSSE signature keyid "tollgate-attest:v9" differs from the bundle's key hint "tollgate-attest:v1"`,
      });
    });

    it('fails BUILDER_NOT_ALLOWED for provenance from another Jenkins job', async () => {
      const input = provenanceInput(DIGEST, { jenkins: { controllerUrl: 'https://jenkins.example.test/', pipeline: 'sandbox/api', runUrl: 'https://jenkins.example.test/job/sandbox/job/api/7/' } });
      const bundle = (await attest.sign(buildProvenanceStatement(input))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({
        code: 'BUILDER_NOT_ALLOWED',
        message: 'built by "https://jenkins.example.test/job/sandbox/job/api"; the policy allows builders "https://jenkins.example.test/job/payments/job/api"',
      });
    });

    it('fails SOURCE_NOT_ALLOWED for a disallowed repository, naming it', async () => {
      const input = provenanceInput(DIGEST, { source: { repository: 'https://git.example.test/forks/api', ref: 'refs/heads/main', commit: 'b'.repeat(40) } });
      const bundle = (await attest.sign(buildProvenanceStatement(input))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({
        code: 'SOURCE_NOT_ALLOWED',
        message: 'buildDefinition.externalParameters names repository "https://git.example.test/forks/api"; the policy allows "https://git.example.test/payments/api"',
      });
    });

    it('fails SOURCE_NOT_ALLOWED for a disallowed ref of an allowed repository', async () => {
      const input = provenanceInput(DIGEST, { source: { ...provenanceInput(DIGEST).source, ref: 'refs/heads/experiment' } });
      const bundle = (await attest.sign(buildProvenanceStatement(input))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({
        code: 'SOURCE_NOT_ALLOWED',
        message: 'buildDefinition.externalParameters names ref "refs/heads/experiment" of https://git.example.test/payments/api.git; the policy allows "refs/heads/main", "refs/tags/v*"',
      });
    });

    it('fails SOURCE_NOT_ALLOWED when a resolved git dependency comes from a disallowed repository', async () => {
      const input = provenanceInput(DIGEST, { resolvedDependencies: [{ uri: 'git+https://git.example.test/other/lib@refs/heads/main', digest: { gitCommit: 'c'.repeat(40) } }] });
      const bundle = (await attest.sign(buildProvenanceStatement(input))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST }).message).toBe(
        'buildDefinition.resolvedDependencies[1] names repository "https://git.example.test/other/lib"; the policy allows "https://git.example.test/payments/api"',
      );
    });

    it('fails PREDICATE_TYPE_UNEXPECTED for a predicate the policy does not accept, or not the one asked for', async () => {
      const spdx = await attest.sign(buildStatement({ name: 'api', digest: DIGEST }, 'https://spdx.dev/Document', { spdxVersion: 'SPDX-2.3' }));
      expect(failure(verifier, { bundle: spdx.bundle, digest: DIGEST })).toEqual({
        code: 'PREDICATE_TYPE_UNEXPECTED',
        message: 'predicateType is "https://spdx.dev/Document"; expected "https://slsa.dev/provenance/v1", "https://cyclonedx.org/bom", "https://slsa.dev/verification_summary/v1"',
      });
      expect(failure(verifier, { bundle: provenance, digest: DIGEST, predicateType: SLSA_VSA_PREDICATE_TYPE }).message).toBe(
        'predicateType is "https://slsa.dev/provenance/v1"; expected "https://slsa.dev/verification_summary/v1"',
      );
    });

    it('fails STATEMENT_MALFORMED when the signed payload is not an in-toto statement', async () => {
      const builder = keyBundleBuilder(signer);
      const bundle = (await new AttestationSigner(builder).sign({ _type: 'x', subject: [], predicateType: 'p', predicate: {} } as InTotoStatement)).bundle;
      const result = failure(verifier, { bundle, digest: DIGEST });
      expect(result.code).toBe('STATEMENT_MALFORMED');
      expect(result.message).toContain('subject: expected at least 1 item, got 0 items');
    });

    it('fails KEY_UNTRUSTED for a keyless (certificate) bundle, since the policy pins keys', () => {
      const bundle = structuredClone(provenance);
      delete bundle.verificationMaterial.publicKey;
      bundle.dsseEnvelope!.signatures[0].keyid = '';
      (bundle.verificationMaterial as { certificate?: { rawBytes: string } }).certificate = { rawBytes: Buffer.from('certificate').toString('base64') };
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({ code: 'KEY_UNTRUSTED', message: 'bundle is signed with a certificate (keyless); this policy trusts only pinned keys' });
    });

    it('fails WITNESS_UNVERIFIABLE for a transparency-log entry it has no log key to check', () => {
      const bundle = structuredClone(provenance);
      const zeros = Buffer.alloc(32).toString('base64');
      bundle.verificationMaterial.tlogEntries = [
        {
          logIndex: '7',
          logId: { keyId: zeros },
          kindVersion: { kind: 'dsse', version: '0.0.1' },
          integratedTime: '1740823740',
          inclusionPromise: undefined,
          inclusionProof: { logIndex: '7', rootHash: zeros, treeSize: '8', hashes: [], checkpoint: { envelope: 'not a checkpoint' } },
          canonicalizedBody: Buffer.from('{}').toString('base64'),
        },
      ];
      const result = failure(verifier, { bundle, digest: DIGEST });
      expect(result.code).toBe('WITNESS_UNVERIFIABLE');
      expect(result.message).toContain('the bundle carries a transparency-log entry or timestamp this offline verifier cannot check (TLOG_');
    });

    it.each([
      ['not JSON', '{"mediaType":', 'bundle is not JSON'],
      ['JSON null', 'null', 'bundle is malformed: (root): expected object, got null'],
      ['an empty object', {}, 'bundle is malformed: mediaType: expected string, got missing; verificationMaterial: expected object, got missing; dsseEnvelope: expected object, got missing'],
      ['a message signature', { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', messageSignature: {} }, 'not a DSSE envelope'],
      ['two signatures', 'two', 'dsseEnvelope.signatures: expected exactly 1 item, got 2 items'],
      ['a wrong media type', 'mediaType', 'mediaType: expected Sigstore bundle media type, got "application/json"'],
    ])('fails BUNDLE_MALFORMED for %s', (_what, input, message) => {
      let bundle: unknown = input;
      if (input === 'two') bundle = { ...provenance, dsseEnvelope: { ...provenance.dsseEnvelope!, signatures: [provenance.dsseEnvelope!.signatures[0], provenance.dsseEnvelope!.signatures[0]] } };
      if (input === 'mediaType') bundle = { ...provenance, mediaType: 'application/json' };
      const result = failure(verifier, { bundle, digest: DIGEST });
      expect(result.code).toBe('BUNDLE_MALFORMED');
      expect(result.message).toContain(message);
    });
  });

  describe('verification summaries', () => {
    it('verifies a PASSED summary for the digest', async () => {
      const bundle = (await attest.sign(buildVsaStatement(vsaInput(DIGEST)))).bundle;
      const verified = verifier.verify({ bundle, digest: DIGEST, predicateType: SLSA_VSA_PREDICATE_TYPE });
      expect(verified.vsa).toEqual({ verifierId: 'https://tollgate.example.test/policy-engine', timeVerified: '2025-03-01T10:09:00Z', verifiedLevels: ['SLSA_BUILD_LEVEL_2'] });
    });

    it('fails VSA_RESOURCE_MISMATCH for a summary whose resource is another digest', async () => {
      const other = digestOf('other-image');
      const predicate = { ...buildVsaStatement(vsaInput(DIGEST)).predicate, resourceUri: `oci://registry.example.test/payments/api@${other}` };
      const bundle = (await attest.sign(buildStatement({ name: 'api', digest: DIGEST }, SLSA_VSA_PREDICATE_TYPE, predicate))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({
        code: 'VSA_RESOURCE_MISMATCH',
        message: `the summary's resourceUri "oci://registry.example.test/payments/api@${other}" names ${other}, not ${DIGEST}`,
      });
    });

    it('fails SUBJECT_MISMATCH for a summary about another artifact', async () => {
      const bundle = (await attest.sign(buildVsaStatement(vsaInput(digestOf('other-image'))))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST }).code).toBe('SUBJECT_MISMATCH');
    });

    it('fails VSA_FAILED for a FAILED summary', async () => {
      const bundle = (await attest.sign(buildVsaStatement(vsaInput(DIGEST, { verificationResult: 'FAILED', verifiedLevels: ['FAILED'] })))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST })).toEqual({ code: 'VSA_FAILED', message: `the summary's verificationResult is "FAILED" (levels "FAILED"), not "PASSED"` });
    });

    it('fails VSA_VERIFIER_NOT_ALLOWED for a summary by another verifier', async () => {
      const bundle = (await attest.sign(buildVsaStatement(vsaInput(DIGEST, { verifierId: 'https://verifier.example.test/other' })))).bundle;
      expect(failure(verifier, { bundle, digest: DIGEST }).code).toBe('VSA_VERIFIER_NOT_ALLOWED');
    });

    it('fails VSA_TOO_OLD once the summary is older than the policy allows', async () => {
      const aging = verifierFor(signer.trustedKeys(), { vsa: { verifierIds: ['https://tollgate.example.test/*'], maxAgeSeconds: 3600 } });
      const bundle = (await attest.sign(buildVsaStatement(vsaInput(DIGEST)))).bundle;
      expect(aging.check({ bundle, digest: DIGEST, now: new Date('2025-03-01T11:09:00Z') }).verified).toBe(true);
      expect(failure(aging, { bundle, digest: DIGEST, now: new Date('2025-03-01T11:09:01Z') })).toEqual({
        code: 'VSA_TOO_OLD',
        message: 'the summary was verified at 2025-03-01T10:09:00Z, 3601s ago; the policy allows at most 3600s',
      });
    });
  });

  describe('key rotation', () => {
    it('keeps bundles signed before a rotation verifying, signs new ones with the new version, and refuses the old one once retired', async () => {
      const key = new InProcessKeySigner('rotating', 'ed25519');
      const rotatingSigner = AttestationSigner.withKey(key);
      const before = await rotatingSigner.sign(buildSbomStatement(sbomInput(DIGEST)));
      const keysBeforeRotation = key.trustedKeys();
      key.rotate();
      const after = await rotatingSigner.sign(buildSbomStatement(sbomInput(DIGEST)));
      expect([before.keyHint, after.keyHint]).toEqual(['rotating:v1', 'rotating:v2']);

      const bothActive = verifierFor(key.trustedKeys());
      expect(bothActive.verify({ bundle: before.bundle, digest: DIGEST }).keyHint).toBe('rotating:v1');
      expect(bothActive.verify({ bundle: after.bundle, digest: DIGEST }).keyHint).toBe('rotating:v2');

      expect(failure(verifierFor(keysBeforeRotation), { bundle: after.bundle, digest: DIGEST })).toEqual({
        code: 'KEY_UNTRUSTED',
        message: 'signed by rotating:v2, which the trust policy does not list (it lists rotating:v1)',
      });

      key.retire(1);
      const v1Retired = verifierFor(key.trustedKeys());
      expect(failure(v1Retired, { bundle: before.bundle, digest: DIGEST })).toEqual({ code: 'KEY_RETIRED', message: 'signed by rotating:v1, which the trust policy marks retired' });
      expect(v1Retired.check({ bundle: after.bundle, digest: DIGEST }).verified).toBe(true);
    });
  });
});
