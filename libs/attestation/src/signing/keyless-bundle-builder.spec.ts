import { randomUUID } from 'node:crypto';
import { buildSbomStatement } from '../statement/cyclonedx-sbom';
import { digestOf, sbomInput } from '../testing/attestation-fixtures';
import { AttestationSigner } from './attestation-signer';
import { createAttestationSigner } from './create-attestation-signer';
import { keylessBundleBuilder, KeylessOptionsError } from './keyless-bundle-builder';
import { SignerError } from './signer.error';

// Loopback ports nothing listens on: the tests below must fail before any request is made.
const OFFLINE = { fulcioUrl: 'http://127.0.0.1:9/fulcio', rekorUrl: 'http://127.0.0.1:9/rekor' };
const statement = buildSbomStatement(sbomInput(digestOf('api-image')));

describe(keylessBundleBuilder.name, () => {
  it('refuses invalid options, naming each field', () => {
    expect(() => keylessBundleBuilder({ fulcioUrl: 'fulcio', rekorUrl: OFFLINE.rekorUrl, identityProvider: {} as never })).toThrow(KeylessOptionsError);
    expect(() => keylessBundleBuilder({ fulcioUrl: 'fulcio', rekorUrl: OFFLINE.rekorUrl, identityProvider: {} as never })).toThrow(
      'keyless signing options are invalid: fulcioUrl: expected http(s) URL, got "fulcio"; identityProvider: expected an object with getToken(), got object',
    );
  });

  it('reports IDENTITY_TOKEN_UNAVAILABLE when the identity provider fails, before contacting Fulcio', async () => {
    const signer = new AttestationSigner(keylessBundleBuilder({ ...OFFLINE, identityProvider: { getToken: () => Promise.reject(new Error('no OIDC in this CI')) } }));
    await expect(signer.sign(statement)).rejects.toMatchObject({ code: 'IDENTITY_TOKEN_UNAVAILABLE' });
  });

  it('never repeats an unparseable identity token in its error', async () => {
    const token = `not-a-jwt-${randomUUID()}`;
    const signer = createAttestationSigner({ mode: 'keyless', ...OFFLINE, identityProvider: { getToken: () => Promise.resolve(token) } });
    const error = (await signer.sign(statement).catch((e: unknown) => e)) as SignerError;
    expect(error).toBeInstanceOf(SignerError);
    expect(error.code).toBe('IDENTITY_TOKEN_UNAVAILABLE');
    expect(error.message).not.toContain(token);
  });
});
