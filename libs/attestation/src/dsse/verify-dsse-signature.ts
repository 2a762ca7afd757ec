import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { preAuthEncoding } from './dsse-pae';

/** A DSSE envelope in its JSON form (as inside a Sigstore bundle). */
export interface DsseEnvelopeJson {
  payload: string;
  payloadType: string;
  signatures: { sig: string; keyid?: string }[];
}

function decodeBase64(text: string): Buffer {
  // DSSE allows standard and URL-safe base64; Node decodes both.
  return Buffer.from(text, 'base64');
}

/**
 * Checks a DSSE signature with nothing but node:crypto and the signer's public key,
 * the way any cosign-style verifier holding the key would: rebuild PAE from the
 * received type and payload bytes, verify (ECDSA: SHA-256 over PAE, DER signature;
 * Ed25519: PAE itself). True when any signature verifies.
 */
export function verifyDsseSignature(envelope: DsseEnvelopeJson, publicKey: string | KeyObject): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const pae = preAuthEncoding(envelope.payloadType, decodeBase64(envelope.payload));
  const algorithm = key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
  return envelope.signatures.some((s) => {
    try {
      return verify(algorithm, pae, key, decodeBase64(s.sig));
    } catch {
      // Malformed DER is a signature that does not verify, not a crash.
      return false;
    }
  });
}
