import { hashPassword, verifyPassword } from './password-hash';

const FORMAT = /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/;

describe(hashPassword.name, () => {
  it('encodes scrypt$N$r$p$salt$hash with N=16384, r=8, p=1, a 16-byte salt and a 32-byte key', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(FORMAT);
    expect(Buffer.from(encoded.split('$')[4], 'base64')).toHaveLength(16);
    expect(Buffer.from(encoded.split('$')[5], 'base64')).toHaveLength(32);
  });

  it('salts each hash, so the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same', a)).resolves.toBe(true);
    await expect(verifyPassword('same', b)).resolves.toBe(true);
  });

  it('never contains the password', async () => {
    expect(await hashPassword('plain-text-password')).not.toContain('plain-text-password');
  });

  it('rejects an empty password', async () => {
    await expect(hashPassword('')).rejects.toThrow('password must not be empty');
  });
});

describe(verifyPassword.name, () => {
  // Produced by an independent implementation (Python hashlib.scrypt, salt bytes 0..15).
  const PYTHON_HASH = 'scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw==$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU=';

  it('accepts the right password for a hash made elsewhere in the same format', async () => {
    await expect(verifyPassword('correct horse battery staple', PYTHON_HASH)).resolves.toBe(true);
  });

  it('rejects a wrong password', async () => {
    await expect(verifyPassword('correct horse battery stapler', PYTHON_HASH)).resolves.toBe(false);
    await expect(verifyPassword('', PYTHON_HASH)).resolves.toBe(false);
  });

  it('round-trips its own hashes, including non-ASCII passwords', async () => {
    const password = 'pässwörd-🔑';
    await expect(verifyPassword(password, await hashPassword(password))).resolves.toBe(true);
  });

  it('rejects a hash whose stored key was altered', async () => {
    const parts = PYTHON_HASH.split('$');
    const key = Buffer.from(parts[5], 'base64');
    key[0] ^= 1;
    parts[5] = key.toString('base64');
    await expect(verifyPassword('correct horse battery staple', parts.join('$'))).resolves.toBe(false);
  });

  const [, , , , salt, key] = PYTHON_HASH.split('$');
  it.each([
    ['empty', ''],
    ['another scheme', `bcrypt$16384$8$1$${salt}$${key}`],
    ['too few parts', `scrypt$16384$8$1$${salt}`],
    ['too many parts', `${PYTHON_HASH}$extra`],
    ['N not a power of two', `scrypt$16000$8$1$${salt}$${key}`],
    ['N above the bound', `scrypt$2097152$8$1$${salt}$${key}`],
    ['r of zero', `scrypt$16384$0$1$${salt}$${key}`],
    ['r above the bound', `scrypt$16384$64$1$${salt}$${key}`],
    ['p above the bound', `scrypt$16384$8$99$${salt}$${key}`],
    ['a leading zero in N', `scrypt$016384$8$1$${salt}$${key}`],
    ['salt that is not base64', `scrypt$16384$8$1$not*base64$${key}`],
    ['base64 that does not round-trip', `scrypt$16384$8$1$${salt.replace('==', '')}$${key}`],
    ['a key shorter than 16 bytes', `scrypt$16384$8$1$${salt}$AAAA`],
  ])('returns false (does not throw) for a malformed hash: %s', async (_what, encoded) => {
    await expect(verifyPassword('correct horse battery staple', encoded)).resolves.toBe(false);
  });
});
