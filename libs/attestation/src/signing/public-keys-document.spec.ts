import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { InProcessKeySigner } from '../testing/in-process-key-signer';
import { publicKeysDocument } from './public-keys-document';

describe(publicKeysDocument.name, () => {
  it('lists every key version with kid, status, algorithm, JWK and PEM, sorted by name and version', () => {
    const ecdsa = new InProcessKeySigner('tollgate-attest', 'ecdsa-p256');
    ecdsa.rotate();
    ecdsa.retire(1);
    const ed = new InProcessKeySigner('audit-checkpoint', 'ed25519');
    const document = publicKeysDocument([...ecdsa.publishedKeys().reverse(), ...ed.publishedKeys()]);
    expect(document.keys.map((k) => [k.kid, k.status, k.alg, k.kty, k.crv])).toEqual([
      ['audit-checkpoint:v1', 'active', 'EdDSA', 'OKP', 'Ed25519'],
      ['tollgate-attest:v1', 'retired', 'ES256', 'EC', 'P-256'],
      ['tollgate-attest:v2', 'active', 'ES256', 'EC', 'P-256'],
    ]);
    const v2 = document.keys[2];
    expect(v2).toMatchObject({ name: 'tollgate-attest', version: 2, use: 'sig', pem: ecdsa.publicKeyPem(2) });
    // The JWK and the PEM are the same key.
    const fromJwk = createPublicKey({ key: { kty: v2.kty, crv: v2.crv, x: v2.x, y: v2.y } as never, format: 'jwk' });
    expect(fromJwk.export({ type: 'spki', format: 'pem' })).toBe(ecdsa.publicKeyPem(2));
    expect(JSON.stringify(document)).not.toMatch(/"d":/);
  });

  it('refuses a key type verifiers here cannot check', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => publicKeysDocument([{ name: 'k', version: 1, status: 'active', publicKeyPem: rsa }])).toThrow(
      'unsupported signing key type rsa: expected ECDSA P-256 or Ed25519',
    );
  });
});
