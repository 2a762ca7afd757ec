import { createHash } from 'node:crypto';
import { verifyDsseSignature } from '../dsse/verify-dsse-signature';
import { preAuthEncoding } from '../dsse/dsse-pae';
import { buildSbomStatement } from '../statement/cyclonedx-sbom';
import { serializeStatement, type InTotoStatement } from '../statement/in-toto-statement';
import { buildProvenanceStatement } from '../statement/slsa-provenance';
import { buildVsaStatement } from '../statement/verification-summary';
import { digestOf, provenanceInput, sbomInput, trustPolicy, vsaInput } from '../testing/attestation-fixtures';
import { InProcessKeySigner, type SigningKeyType } from '../testing/in-process-key-signer';
import { AttestationVerifier } from '../verify/attestation-verifier';
import { trustPolicySchema } from '../verify/trust-policy.schema';
import { AttestationSigner } from './attestation-signer';
import { type RemoteKeySigner } from './remote-key-signer';

const DIGEST = digestOf('api-image');

const STATEMENTS: [string, () => InTotoStatement][] = [
  ['SLSA provenance', () => buildProvenanceStatement(provenanceInput(DIGEST))],
  ['CycloneDX SBOM', () => buildSbomStatement(sbomInput(DIGEST))],
  ['SLSA verification summary', () => buildVsaStatement(vsaInput(DIGEST))],
];

describe(AttestationSigner.name, () => {
  describe.each<SigningKeyType>(['ecdsa-p256', 'ed25519'])('with an %s key', (type) => {
    const key = new InProcessKeySigner('tollgate-attest', type);
    const signer = AttestationSigner.withKey(key);
    const verifier = new AttestationVerifier(trustPolicySchema.parse(trustPolicy(key.trustedKeys())));

    it.each(STATEMENTS)('signs %s into a bundle that @sigstore/verify and the trust policy accept', async (_name, build) => {
      const statement = build();
      const signed = await signer.sign(statement);
      const verified = verifier.verify({ bundle: signed.bundleJson, digest: DIGEST });
      expect(verified.predicateType).toBe(statement.predicateType);
      expect(verified.statement).toEqual(statement);
      expect(signed.subjectDigests).toEqual([DIGEST]);
    });

    it.each(STATEMENTS)('signs %s so that plain node:crypto with the PEM public key verifies the DSSE signature', async (_name, build) => {
      const signed = await signer.sign(build());
      expect(verifyDsseSignature(signed.bundle.dsseEnvelope!, key.publicKeyPem(1))).toBe(true);
    });
  });

  // proto3 JSON mapping: empty repeated fields (no tlog entries, no timestamps) are omitted.
  it('produces a Sigstore v0.3 bundle naming the key by hint in both the material and the DSSE keyid, with no log entries', async () => {
    const key = new InProcessKeySigner('tollgate-attest');
    const statement = buildProvenanceStatement(provenanceInput(DIGEST));
    const signed = await AttestationSigner.withKey(key).sign(statement);
    expect(signed.bundle).toEqual({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: 'tollgate-attest:v1' }, timestampVerificationData: {} },
      dsseEnvelope: {
        payload: serializeStatement(statement).toString('base64'),
        payloadType: 'application/vnd.in-toto+json',
        signatures: [{ sig: expect.any(String), keyid: 'tollgate-attest:v1' }],
      },
    });
    expect(signed.keyHint).toBe('tollgate-attest:v1');
    expect(signed.bundleDigest).toBe(`sha256:${createHash('sha256').update(signed.bundleJson).digest('hex')}`);
  });

  it('hands the remote key the DSSE PAE of the canonical statement, nothing else', async () => {
    const key = new InProcessKeySigner('tollgate-attest', 'ed25519');
    const seen: Buffer[] = [];
    const recording: RemoteKeySigner = { keyName: key.keyName, sign: (data) => (seen.push(data), key.sign(data)) };
    const statement = buildSbomStatement(sbomInput(DIGEST));
    await AttestationSigner.withKey(recording).sign(statement);
    expect(seen).toEqual([preAuthEncoding('application/vnd.in-toto+json', serializeStatement(statement))]);
  });

  it('yields the same bundle bytes for the same statement with a deterministic (Ed25519) key', async () => {
    const key = new InProcessKeySigner('tollgate-attest', 'ed25519');
    const signer = AttestationSigner.withKey(key);
    const [a, b] = [await signer.sign(buildVsaStatement(vsaInput(DIGEST))), await signer.sign(buildVsaStatement(vsaInput(DIGEST)))];
    expect(b.bundleJson).toBe(a.bundleJson);
    expect(b.bundleDigest).toBe(a.bundleDigest);
  });

  it('passes the remote signer error through unchanged, so its code reaches the caller', async () => {
    const failing: RemoteKeySigner = {
      keyName: 'k',
      sign: () => Promise.reject(Object.assign(new Error('credential broker unreachable'), { name: 'SignerError', code: 'SIGNER_UNAVAILABLE' })),
    };
    await expect(AttestationSigner.withKey(failing).sign(buildSbomStatement(sbomInput(DIGEST)))).rejects.toMatchObject({ code: 'SIGNER_UNAVAILABLE' });
  });
});
