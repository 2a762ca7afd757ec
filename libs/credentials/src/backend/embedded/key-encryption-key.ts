import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Leading byte of every sealed blob, so the format can change without guessing what old rows are. */
const FORMAT_AES_256_GCM = 0x01;

/**
 * The key that encrypts the embedded backend's private keys at rest
 * (AES-256-GCM). Held as a KeyObject so logging or inspecting it never
 * prints the key bytes.
 */
export class KeyEncryptionKey {
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`a key-encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = createSecretKey(Buffer.from(key));
  }

  /** `aad` names what the plaintext belongs to: a blob copied elsewhere no longer opens. */
  seal(plaintext: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_AES_256_GCM]), iv, body, cipher.getAuthTag()]);
  }

  /** Throws when the key is wrong, the blob was altered or `aad` differs from the one it was sealed with. */
  open(sealed: Buffer, aad: string): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES) throw new Error('sealed data is truncated');
    if (sealed[0] !== FORMAT_AES_256_GCM) throw new Error(`sealed data has unknown format ${sealed[0]}`);
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // GCM cannot tell a wrong key from altered data; neither is recoverable here.
      throw new Error('sealed data could not be opened: wrong key-encryption key or tampered data');
    }
  }
}

/** A fresh key-encryption key, base64, for setup scripts and the CLI. */
export function generateKeyEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * 32 bytes written as 64 hex characters or as base64 (standard or URL-safe).
 * Errors say what is wrong with the value, never what it is.
 */
export function parseKeyEncryptionKey(text: string, source: string): Buffer {
  const value = text.trim();
  if (value === '') throw new Error(`key-encryption key from ${source} is empty`);
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    throw new Error(`key-encryption key from ${source} is neither hex nor base64`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new Error(`key-encryption key from ${source} must be ${KEY_BYTES} bytes (64 hex or 44 base64 characters), got ${bytes.length} bytes`);
  }
  return bytes;
}

/**
 * The KEK from exactly one of: a file (path), or the value of an environment
 * variable that config validation has already read.
 */
export function loadKeyEncryptionKey(options: { file?: string; env?: string }): KeyEncryptionKey {
  const { file, env } = options;
  if (file !== undefined && env !== undefined) throw new Error('key-encryption key given both as a file and in the environment: give only one');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown error';
      throw new Error(`key-encryption key file ${file} could not be read (${code})`);
    }
    return new KeyEncryptionKey(parseKeyEncryptionKey(text, `file ${file}`));
  }
  if (env !== undefined) return new KeyEncryptionKey(parseKeyEncryptionKey(env, 'the environment'));
  throw new Error('no key-encryption key configured: give a key file or set it in the environment');
}
