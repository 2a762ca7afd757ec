import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { keyHint } from '../signing/key-hint';
import { type KeyStatus, type PublishedKey } from '../signing/public-keys-document';
import { type RemoteKeySigner, type RemoteSignature } from '../signing/remote-key-signer';
import { type TrustPolicyInput } from '../verify/trust-policy.schema';

export type SigningKeyType = 'ecdsa-p256' | 'ed25519';

interface KeyVersion {
  privateKey: KeyObject;
  publicKeyPem: string;
  status: KeyStatus;
  createdAt: Date;
}

export function generateSigningKey(type: SigningKeyType): { privateKey: KeyObject; publicKeyPem: string } {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey: pair.privateKey, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** Signs like the broker's transit keys do: ECDSA P-256 = DER over SHA-256 of the data; Ed25519 = over the data. */
export function signLikeTransit(type: SigningKeyType, privateKey: KeyObject, data: Uint8Array): Buffer {
  return type === 'ed25519' ? sign(null, data, privateKey) : sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
}

/**
 * For tests and benchmarks only: a versioned, rotatable key held in this
 * process, behind the same interface as the broker-backed signer. Production
 * code signs through BrokerTransitSigner and never holds a private key.
 */
export class InProcessKeySigner implements RemoteKeySigner {
  readonly #versions = new Map<number, KeyVersion>();
  #latest = 0;

  constructor(
    readonly keyName: string,
    readonly type: SigningKeyType = 'ecdsa-p256',
  ) {
    this.rotate();
  }

  get latestVersion(): number {
    return this.#latest;
  }

  /** Adds version N+1 and signs with it from now on; earlier versions stay published. */
  rotate(): number {
    this.#latest += 1;
    this.#versions.set(this.#latest, { ...generateSigningKey(this.type), status: 'active', createdAt: new Date() });
    return this.#latest;
  }

  retire(version: number): void {
    const found = this.#versions.get(version);
    if (!found) throw new RangeError(`${this.keyName} has no version ${version}`);
    found.status = 'retired';
  }

  async sign(data: Buffer): Promise<RemoteSignature> {
    const version = this.#versions.get(this.#latest)!;
    return { signature: signLikeTransit(this.type, version.privateKey, data), keyVersion: this.#latest, publicKeyPem: version.publicKeyPem };
  }

  publicKeyPem(version = this.#latest): string {
    const found = this.#versions.get(version);
    if (!found) throw new RangeError(`${this.keyName} has no version ${version}`);
    return found.publicKeyPem;
  }

  publishedKeys(): PublishedKey[] {
    return [...this.#versions].map(([version, v]) => ({ name: this.keyName, version, status: v.status, publicKeyPem: v.publicKeyPem, createdAt: v.createdAt }));
  }

  /** The `keys` section of a trust policy pinning every version with its status. */
  trustedKeys(): TrustPolicyInput['keys'] {
    return this.publishedKeys().map((k) => ({ name: k.name, version: k.version, status: k.status, publicKey: k.publicKeyPem }));
  }

  hint(version = this.#latest): string {
    return keyHint(this.keyName, version);
  }
}
