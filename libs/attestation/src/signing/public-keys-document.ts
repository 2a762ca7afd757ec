import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { keyHint } from './key-hint';

export const KEY_STATUSES = ['active', 'retired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export interface PublishedKey {
  name: string;
  version: number;
  status: KeyStatus;
  publicKeyPem: string;
  createdAt?: Date | string;
}

/** One key version in a JWKS-like document: the JWK members plus what a verifier needs to pin it. */
export type PublicKeyEntry = JsonWebKey & {
  kid: string;
  name: string;
  version: number;
  status: KeyStatus;
  alg: 'ES256' | 'EdDSA';
  use: 'sig';
  pem: string;
  created?: string;
};

export interface PublicKeysDocument {
  keys: PublicKeyEntry[];
}

function algorithmOf(type: string | undefined, curve: string | undefined): 'ES256' | 'EdDSA' {
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec' && curve === 'prime256v1') return 'ES256';
  throw new TypeError(`unsupported signing key type ${type}${curve ? ` (${curve})` : ''}: expected ECDSA P-256 or Ed25519`);
}

/**
 * The signer's `GET /v1/keys` body: every key version with its kid (the bundle
 * hint `<name>:v<N>`), status and algorithm, as a JWK and as PEM, sorted by name
 * then version so the document is stable.
 */
export function publicKeysDocument(keys: readonly PublishedKey[]): PublicKeysDocument {
  const entries = keys.map((k): PublicKeyEntry => {
    const key = createPublicKey(k.publicKeyPem);
    const alg = algorithmOf(key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve);
    return {
      ...key.export({ format: 'jwk' }),
      kid: keyHint(k.name, k.version),
      name: k.name,
      version: k.version,
      status: k.status,
      alg,
      use: 'sig',
      pem: key.export({ type: 'spki', format: 'pem' }) as string,
      ...(k.createdAt !== undefined && { created: new Date(k.createdAt).toISOString() }),
    };
  });
  return { keys: entries.sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1)) };
}
