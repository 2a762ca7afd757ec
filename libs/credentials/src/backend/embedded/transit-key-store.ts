import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as signWith, verify as verifyWith, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  BackendError,
  type TransitHashAlgorithm,
  type TransitKeyInfo,
  type TransitKeyType,
  type TransitSignRequest,
  type TransitSignature,
} from '../secrets-backend';
import type { KeyEncryptionKey } from './key-encryption-key';

const KEY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const KEY_TYPES: readonly TransitKeyType[] = ['ecdsa-p256', 'ed25519'];
const NODE_HASHES: Record<TransitHashAlgorithm, string> = { 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' };
/** Vault's signature string: `vault:v<N>:<standard base64>`. */
const SIGNATURE = /^vault:v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})$/;

/** What a sealed private key is bound to: a blob copied onto another key or version does not open. */
export function transitKeyAad(name: string, version: number): string {
  return `transit:${name}:v${version}`;
}

interface KeyRow {
  type: TransitKeyType;
  latest_version: number;
  min_decryption_version: number;
}

interface UnsealedVersion {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function invalid(message: string): BackendError {
  return new BackendError('invalid-request', message);
}

function assertKeyName(name: string): void {
  if (typeof name !== 'string' || !KEY_NAME.test(name)) throw invalid(`transit key name must match ${KEY_NAME.source}`);
}

function assertVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1) throw invalid('key version must be a positive integer');
}

function nodeHash(algorithm: TransitHashAlgorithm = 'sha2-256'): string {
  if (!Object.hasOwn(NODE_HASHES, algorithm)) throw invalid(`hash algorithm must be one of ${Object.keys(NODE_HASHES).join(', ')}`);
  return NODE_HASHES[algorithm];
}

function generateKeyPair(type: TransitKeyType): { publicKeyPem: string; privateKeyDer: Buffer } {
  let pair: { publicKey: KeyObject; privateKey: KeyObject };
  switch (type) {
    case 'ecdsa-p256':
      pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      break;
    case 'ed25519':
      pair = generateKeyPairSync('ed25519');
      break;
  }
  return {
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privateKeyDer: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/**
 * Vault-transit-style signing keys kept in PostgreSQL: versioned, rotatable,
 * retirable, never exportable. Private keys are stored as PKCS#8 DER sealed
 * with the key-encryption key; no method returns them.
 */
export class TransitKeyStore {
  /**
   * Unsealed keys per (name, version). Opening a row costs a read, an AES-GCM
   * decryption and a key parse; caching makes a signature one metadata read plus
   * the signing itself. Versions are immutable, so an entry never goes stale;
   * retirement and rotation are read fresh from the table on every call.
   */
  readonly #unsealed = new Map<string, UnsealedVersion>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly kek: KeyEncryptionKey,
  ) {}

  /** Version 1 of a new key. Idempotent for the same type; another type under the same name is refused. */
  async createKey(name: string, type: TransitKeyType): Promise<void> {
    assertKeyName(name);
    if (!KEY_TYPES.includes(type)) throw invalid(`transit key type must be one of ${KEY_TYPES.join(', ')}`);
    await this.dataSource.transaction(async (m) => {
      // A concurrent create of the same name waits here for ours to commit, then finds the key.
      const inserted: unknown[] = await m.query(
        'INSERT INTO transit_key (name, type, latest_version) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING RETURNING name',
        [name, type],
      );
      if (inserted.length > 0) return this.insertVersion(m, name, type, 1);
      const [existing] = (await m.query('SELECT type FROM transit_key WHERE name = $1', [name])) as { type: TransitKeyType }[];
      if (existing.type !== type) throw invalid(`transit key ${name} already exists with type ${existing.type}`);
    });
  }

  /** Adds version N+1 and makes it the signing version; returns it. Rotations of one key are serialised by a row lock. */
  async rotateKey(name: string): Promise<number> {
    assertKeyName(name);
    return this.dataSource.transaction(async (m) => {
      const key = await this.keyRow(m, name, 'FOR UPDATE');
      // A replica holding the wrong KEK must not add a version the others cannot open.
      await this.unsealed(m, name, key.latest_version);
      const version = key.latest_version + 1;
      await this.insertVersion(m, name, key.type, version);
      await m.query('UPDATE transit_key SET latest_version = $2 WHERE name = $1', [name, version]);
      return version;
    });
  }

  /** Type, versions and the public key of every live (not retired) version. */
  async readKey(name: string): Promise<TransitKeyInfo> {
    assertKeyName(name);
    // One statement, so the versions listed agree with latest/min even during a rotation.
    const rows = (await this.dataSource.query(
      `SELECT k.type, k.latest_version, k.min_decryption_version, v.version, v.public_key_pem, v.created_at
         FROM transit_key k
         LEFT JOIN transit_key_version v ON v.name = k.name AND v.version BETWEEN k.min_decryption_version AND k.latest_version
        WHERE k.name = $1
        ORDER BY v.version`,
      [name],
    )) as (KeyRow & { version: number | null; public_key_pem: string; created_at: Date })[];
    if (rows.length === 0) throw new BackendError('not-found', `transit key ${name} not found`);
    return {
      name,
      type: rows[0].type,
      latestVersion: rows[0].latest_version,
      minDecryptionVersion: rows[0].min_decryption_version,
      versions: rows
        .filter((r) => r.version !== null)
        .map((r) => ({ version: r.version as number, publicKeyPem: r.public_key_pem, createdAt: r.created_at })),
    };
  }

  /** Retires versions below `version`: they no longer sign or verify. May be lowered again; cannot exceed the latest. */
  async setMinDecryptionVersion(name: string, version: number): Promise<void> {
    assertKeyName(name);
    assertVersion(version);
    await this.dataSource.transaction(async (m) => {
      const key = await this.keyRow(m, name, 'FOR UPDATE');
      if (version > key.latest_version) throw invalid(`transit key ${name} has no version ${version} (latest is ${key.latest_version})`);
      await m.query('UPDATE transit_key SET min_decryption_version = $2 WHERE name = $1', [name, version]);
    });
  }

  /** ECDSA: DER (asn1) signature over hash(input), as DSSE/sigstore verifiers expect. Ed25519: over the input itself. */
  async sign(request: TransitSignRequest): Promise<TransitSignature> {
    const { key: name, input } = request;
    assertKeyName(name);
    const hash = nodeHash(request.hashAlgorithm);
    if (request.keyVersion !== undefined) assertVersion(request.keyVersion);
    const key = await this.keyRow(this.dataSource.manager, name);
    const version = request.keyVersion ?? key.latest_version;
    if (version > key.latest_version || version < key.min_decryption_version) {
      throw invalid(`transit key ${name} cannot sign with version ${version}: live versions are ${key.min_decryption_version} to ${key.latest_version}`);
    }
    const { privateKey } = await this.unsealed(this.dataSource.manager, name, version);
    const signature = key.type === 'ed25519' ? signWith(null, input, privateKey) : signWith(hash, input, { key: privateKey, dsaEncoding: 'der' });
    return { signature: `vault:v${version}:${signature.toString('base64')}`, keyVersion: version };
  }

  /**
   * Checks with the version the signature names, so signatures made before a
   * rotation still verify. A retired or unknown version is not valid (false);
   * a string that is not a Vault signature is an invalid request.
   */
  async verify(name: string, input: Uint8Array, signature: string, hashAlgorithm?: TransitHashAlgorithm): Promise<boolean> {
    assertKeyName(name);
    const hash = nodeHash(hashAlgorithm);
    const parsed = typeof signature === 'string' ? SIGNATURE.exec(signature) : null;
    if (!parsed) throw invalid('signature must have the form vault:v<N>:<base64>');
    const version = Number(parsed[1]);
    const key = await this.keyRow(this.dataSource.manager, name);
    if (version > key.latest_version || version < key.min_decryption_version) return false;
    const { publicKey } = await this.unsealed(this.dataSource.manager, name, version);
    const bytes = Buffer.from(parsed[2], 'base64');
    try {
      return key.type === 'ed25519' ? verifyWith(null, input, publicKey, bytes) : verifyWith(hash, input, { key: publicKey, dsaEncoding: 'der' }, bytes);
    } catch {
      // Malformed DER inside well-formed base64 is a bad signature, not a bad request.
      return false;
    }
  }

  private async keyRow(m: EntityManager, name: string, lock: '' | 'FOR UPDATE' = ''): Promise<KeyRow> {
    const rows = (await m.query(`SELECT type, latest_version, min_decryption_version FROM transit_key WHERE name = $1 ${lock}`, [name])) as KeyRow[];
    if (rows.length === 0) throw new BackendError('not-found', `transit key ${name} not found`);
    return rows[0];
  }

  private async insertVersion(m: EntityManager, name: string, type: TransitKeyType, version: number): Promise<void> {
    const { publicKeyPem, privateKeyDer } = generateKeyPair(type);
    const sealed = this.kek.seal(privateKeyDer, transitKeyAad(name, version));
    privateKeyDer.fill(0);
    await m.query('INSERT INTO transit_key_version (name, version, public_key_pem, private_key_sealed) VALUES ($1, $2, $3, $4)', [
      name,
      version,
      publicKeyPem,
      sealed,
    ]);
  }

  /** Opens a version's private key (once, then cached) and checks the stored public key belongs to it. */
  private async unsealed(m: EntityManager, name: string, version: number): Promise<UnsealedVersion> {
    const id = transitKeyAad(name, version);
    const cached = this.#unsealed.get(id);
    if (cached) return cached;
    const [row] = (await m.query('SELECT public_key_pem, private_key_sealed FROM transit_key_version WHERE name = $1 AND version = $2', [
      name,
      version,
    ])) as { public_key_pem: string; private_key_sealed: Buffer }[];
    if (!row) throw new Error(`transit key ${name} v${version} has no stored key material`);
    let der: Buffer;
    try {
      der = this.kek.open(row.private_key_sealed, id);
    } catch (cause) {
      throw new Error(`private key of ${name} v${version} could not be decrypted: wrong key-encryption key or tampered row`, { cause });
    }
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    const publicKey = createPublicKey(privateKey);
    // readKey publishes the stored PEM: signatures must verify against exactly that key.
    if (publicKey.export({ type: 'spki', format: 'pem' }) !== row.public_key_pem) {
      throw new Error(`public key of ${name} v${version} does not match its private key: tampered row`);
    }
    const entry = { privateKey, publicKey };
    this.#unsealed.set(id, entry);
    return entry;
  }
}
