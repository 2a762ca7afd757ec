/**
 * The transit engine of the Vault contract server, with real keys: ECDSA P-256
 * signatures are ASN.1 DER and Ed25519 signatures are raw, both prefixed
 * `vault:v<N>:`, so anything the server signs verifies with node:crypto.
 */
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { VaultReply } from './vault-contract-state';

type KeyType = 'ecdsa-p256' | 'ed25519';

interface KeyVersion {
  privateKey: KeyObject;
  publicKey: KeyObject;
  createdAt: Date;
}

interface TransitKey {
  type: KeyType;
  versions: KeyVersion[];
}

const NODE_HASHES: Record<string, string> = { 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' };

export class ContractTransit {
  private readonly keys = new Map<string, TransitKey>();

  create(name: string, body: Record<string, unknown>): VaultReply {
    const type = body['type'] ?? 'aes256-gcm96';
    if (type !== 'ecdsa-p256' && type !== 'ed25519') return VaultReply.error(400, `unsupported key type for this server: ${String(type)}`);
    // Vault treats a write to an existing key as a no-op.
    if (!this.keys.has(name)) this.keys.set(name, { type, versions: [newVersion(type)] });
    return VaultReply.noContent();
  }

  rotate(name: string): VaultReply {
    const key = this.keys.get(name);
    if (!key) return VaultReply.error(400, 'encryption key not found');
    key.versions.push(newVersion(key.type));
    return VaultReply.noContent();
  }

  read(name: string): VaultReply {
    const key = this.keys.get(name);
    if (!key) return VaultReply.error(404);
    const keys = Object.fromEntries(
      key.versions.map((v, index) => [
        String(index + 1),
        { public_key: publicKeyText(key.type, v.publicKey), creation_time: v.createdAt.toISOString(), name: key.type === 'ed25519' ? 'ed25519' : 'P-256' },
      ]),
    );
    return VaultReply.data({
      name,
      type: key.type,
      latest_version: key.versions.length,
      min_decryption_version: 1,
      min_encryption_version: 0,
      supports_signing: true,
      exportable: false,
      deletion_allowed: false,
      keys,
    });
  }

  sign(name: string, hash: string | undefined, body: Record<string, unknown>): VaultReply {
    const key = this.keys.get(name);
    if (!key) return VaultReply.error(400, 'signing key not found');
    const version = typeof body['key_version'] === 'number' ? body['key_version'] : key.versions.length;
    const keyVersion = key.versions[version - 1];
    if (!keyVersion) return VaultReply.error(400, 'invalid key version');
    const input = base64Input(body['input']);
    if (!input) return VaultReply.error(400, 'unable to decode input as base64');
    const jws = body['marshaling_algorithm'] === 'jws';
    let signature: Buffer;
    if (key.type === 'ed25519') {
      signature = sign(null, input, keyVersion.privateKey);
    } else {
      const nodeHash = NODE_HASHES[hash ?? String(body['hash_algorithm'] ?? 'sha2-256')];
      if (!nodeHash) return VaultReply.error(400, 'unsupported hash algorithm');
      signature = sign(nodeHash, input, { key: keyVersion.privateKey, dsaEncoding: jws ? 'ieee-p1363' : 'der' });
    }
    const encoded = jws && key.type === 'ecdsa-p256' ? signature.toString('base64url') : signature.toString('base64');
    return VaultReply.data({ signature: `vault:v${version}:${encoded}`, key_version: version });
  }

  verify(name: string, hash: string | undefined, body: Record<string, unknown>): VaultReply {
    const key = this.keys.get(name);
    if (!key) return VaultReply.error(400, 'signature verification key not found');
    const match = /^vault:v(\d+):(.+)$/.exec(String(body['signature'] ?? ''));
    if (!match) return VaultReply.error(400, 'invalid signature: no prefix');
    const keyVersion = key.versions[Number(match[1]) - 1];
    if (!keyVersion) return VaultReply.error(400, 'invalid key version');
    const input = base64Input(body['input']);
    if (!input) return VaultReply.error(400, 'unable to decode input as base64');
    const signature = Buffer.from(match[2]!, 'base64');
    if (key.type === 'ed25519') return VaultReply.data({ valid: safeVerify(() => verify(null, input, keyVersion.publicKey, signature)) });
    const nodeHash = NODE_HASHES[hash ?? 'sha2-256'];
    if (!nodeHash) return VaultReply.error(400, 'unsupported hash algorithm');
    const valid = safeVerify(() => verify(nodeHash, input, { key: keyVersion.publicKey, dsaEncoding: 'der' }, signature));
    return VaultReply.data({ valid });
  }
}

function newVersion(type: KeyType): KeyVersion {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...pair, createdAt: new Date() };
}

/** ECDSA as SPKI PEM; Ed25519 as base64 of the raw 32-byte key, as Vault returns them. */
function publicKeyText(type: KeyType, publicKey: KeyObject): string {
  if (type === 'ecdsa-p256') return publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url').toString('base64');
}

function base64Input(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}

function safeVerify(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
