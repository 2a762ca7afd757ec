import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { KeyEncryptionKey, generateKeyEncryptionKey, loadKeyEncryptionKey } from './key-encryption-key';

/** The thrown message, for checking it never contains key material. */
function errorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe(loadKeyEncryptionKey.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kek-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bytes = randomBytes(32);

  it('reads the same key from base64, URL-safe base64 and hex, in a file or an environment value', () => {
    const hexFile = join(dir, 'kek.hex');
    writeFileSync(hexFile, `${bytes.toString('hex').toUpperCase()}\n`);
    const keys = [
      loadKeyEncryptionKey({ env: bytes.toString('base64') }),
      loadKeyEncryptionKey({ env: bytes.toString('base64url') }),
      loadKeyEncryptionKey({ file: hexFile }),
    ];
    const sealed = keys[0].seal(Buffer.from('private key'), 'transit:k:v1');
    for (const key of keys) expect(key.open(sealed, 'transit:k:v1').toString()).toBe('private key');
  });

  it('refuses to start without a key, or with two', () => {
    expect(() => loadKeyEncryptionKey({})).toThrow('no key-encryption key configured');
    expect(() => loadKeyEncryptionKey({ file: join(dir, 'x'), env: bytes.toString('base64') })).toThrow('give only one');
  });

  it('names an unreadable file and why, without its content', () => {
    const missing = join(dir, 'missing.key');
    expect(() => loadKeyEncryptionKey({ file: missing })).toThrow(`key-encryption key file ${missing} could not be read (ENOENT)`);
  });

  it('refuses a key of the wrong length or encoding without echoing it', () => {
    const short = randomBytes(31).toString('base64');
    const shortHex = randomBytes(31).toString('hex');
    const garbage = `${bytes.toString('hex')}!`;
    const file = join(dir, 'short.key');
    writeFileSync(file, short);

    for (const [fn, expected, secret] of [
      [() => loadKeyEncryptionKey({ env: short }), 'must be 32 bytes (64 hex or 44 base64 characters), got 31 bytes', short],
      [() => loadKeyEncryptionKey({ file }), `key-encryption key from file ${file} must be 32 bytes`, short],
      [() => loadKeyEncryptionKey({ env: shortHex }), 'must be 32 bytes', shortHex],
      [() => loadKeyEncryptionKey({ env: garbage }), 'is neither hex nor base64', garbage],
    ] as const) {
      const message = errorMessage(fn);
      expect(message).toContain(expected);
      expect(message).not.toContain(secret);
      expect(message).not.toContain(secret.slice(0, 8));
    }
    expect(() => loadKeyEncryptionKey({ env: '  \n' })).toThrow('key-encryption key from the environment is empty');
  });
});

describe(KeyEncryptionKey.name, () => {
  const kek = new KeyEncryptionKey(randomBytes(32));
  const plaintext = Buffer.from('PKCS#8 bytes stand-in');

  describe('#seal', () => {
    it('writes a versioned blob with a fresh IV, so equal plaintexts never look equal', () => {
      const a = kek.seal(plaintext, 'transit:k:v1');
      const b = kek.seal(plaintext, 'transit:k:v1');
      expect(a[0]).toBe(0x01);
      expect(a.length).toBe(1 + 12 + plaintext.length + 16);
      expect(a.equals(b)).toBe(false);
      expect(a.includes(plaintext)).toBe(false);
    });
  });

  describe('#open', () => {
    it('opens only with the same key and the same associated data', () => {
      const sealed = kek.seal(plaintext, 'transit:k:v1');
      expect(kek.open(sealed, 'transit:k:v1')).toEqual(plaintext);
      expect(() => kek.open(sealed, 'transit:k:v2')).toThrow('wrong key-encryption key or tampered data');
      expect(() => kek.open(sealed, 'transit:other:v1')).toThrow('wrong key-encryption key or tampered data');
      expect(() => new KeyEncryptionKey(randomBytes(32)).open(sealed, 'transit:k:v1')).toThrow('wrong key-encryption key or tampered data');
    });

    it('refuses altered, truncated or unknown-format blobs', () => {
      const sealed = kek.seal(plaintext, 'a');
      const flipped = Buffer.from(sealed);
      flipped[20] ^= 0x01;
      const unknownFormat = Buffer.from(sealed);
      unknownFormat[0] = 0x02;
      expect(() => kek.open(flipped, 'a')).toThrow('wrong key-encryption key or tampered data');
      expect(() => kek.open(sealed.subarray(0, 20), 'a')).toThrow('sealed data is truncated');
      expect(() => kek.open(unknownFormat, 'a')).toThrow('sealed data has unknown format 2');
    });
  });

  it('does not show the key bytes when logged', () => {
    const bytes = randomBytes(32);
    const shown = `${inspect(new KeyEncryptionKey(bytes), { showHidden: true, depth: 5 })} ${JSON.stringify(new KeyEncryptionKey(bytes))}`;
    expect(shown).not.toContain(bytes.toString('base64'));
    expect(shown).not.toContain(bytes.toString('hex'));
  });
});

describe(generateKeyEncryptionKey.name, () => {
  it('gives a fresh 32-byte base64 key that loads', () => {
    const a = generateKeyEncryptionKey();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(generateKeyEncryptionKey());
    const kek = loadKeyEncryptionKey({ env: a });
    expect(kek.open(kek.seal(Buffer.from('x'), 'y'), 'y').toString()).toBe('x');
  });
});
