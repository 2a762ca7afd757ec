import { generateKeyPairSync, sign } from 'node:crypto';
import { preAuthEncoding } from './dsse-pae';
import { verifyDsseSignature } from './verify-dsse-signature';

describe(preAuthEncoding.name, () => {
  it('encodes the DSSE specification example exactly', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters', () => {
    expect(preAuthEncoding('t', Buffer.from('é', 'utf8')).toString('utf8')).toBe('DSSEv1 1 t 2 é');
  });
});

describe(verifyDsseSignature.name, () => {
  const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const type = 'application/vnd.in-toto+json';

  it('verifies an ECDSA P-256 DER signature over SHA-256 of the PAE and rejects a changed payload', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sig = sign('sha256', preAuthEncoding(type, payload), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(verifyDsseSignature({ payload: payload.toString('base64'), payloadType: type, signatures: [{ sig }] }, pem)).toBe(true);
    expect(verifyDsseSignature({ payload: Buffer.from('{}').toString('base64'), payloadType: type, signatures: [{ sig }] }, pem)).toBe(false);
    expect(verifyDsseSignature({ payload: payload.toString('base64'), payloadType: 'text/plain', signatures: [{ sig }] }, pem)).toBe(false);
  });

  it('verifies an Ed25519 signature over the PAE and treats garbage signatures as not verifying', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const sig = sign(null, preAuthEncoding(type, payload), privateKey).toString('base64');
    expect(verifyDsseSignature({ payload: payload.toString('base64'), payloadType: type, signatures: [{ sig }] }, publicKey)).toBe(true);
    expect(verifyDsseSignature({ payload: payload.toString('base64'), payloadType: type, signatures: [{ sig: 'AAAA' }] }, publicKey)).toBe(false);
  });
});
