import { type Signature, type Signer } from '@sigstore/sign';
import { keyHint } from './key-hint';

export interface RemoteSignature {
  /** ECDSA: DER (asn1) over SHA-256 of the data; Ed25519: raw 64 bytes over the data itself. */
  signature: Buffer;
  keyVersion: number;
  /** SPKI PEM of the version that signed. */
  publicKeyPem: string;
}

/** A signing key held elsewhere (the credential broker, Vault transit): we send bytes, never hold the key. */
export interface RemoteKeySigner {
  readonly keyName: string;
  sign(data: Buffer): Promise<RemoteSignature>;
}

/**
 * The @sigstore/sign `Signer` for a remote key: the bundle's verification
 * material names the key version by hint (`<keyName>:v<N>`) rather than embedding it.
 */
export class SigstoreRemoteKeySigner implements Signer {
  constructor(private readonly remote: RemoteKeySigner) {}

  async sign(data: Buffer): Promise<Signature> {
    const signed = await this.remote.sign(data);
    return {
      signature: signed.signature,
      key: { $case: 'publicKey', publicKey: signed.publicKeyPem, hint: keyHint(this.remote.keyName, signed.keyVersion) },
    };
  }
}
