import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Ingest sources authenticating with HTTP Basic store only this hash:
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
const N = 16384;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds for hashes read back: a stored string must not make verification
// allocate gigabytes or spin for minutes.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is too low for large N.
  const maxmem = 128 * n * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new TypeError('password must not be empty');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, N, R, P, KEY_BYTES);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

function parseInt10(s: string | undefined, max: number): number | undefined {
  if (s === undefined || !/^[1-9]\d{0,7}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= max ? n : undefined;
}

function parseBase64(s: string | undefined): Buffer | undefined {
  if (s === undefined || !BASE64.test(s)) return undefined;
  const buf = Buffer.from(s, 'base64');
  // Node decodes leniently; only accept text that round-trips exactly.
  return buf.toString('base64') === s ? buf : undefined;
}

interface ParsedHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = encoded.split('$');
  if (scheme !== 'scrypt' || rest.length > 0) return undefined;
  const parsed = {
    n: parseInt10(n, MAX_N),
    r: parseInt10(r, MAX_R),
    p: parseInt10(p, MAX_P),
    salt: parseBase64(salt),
    key: parseBase64(key),
  };
  if (!parsed.n || !parsed.r || !parsed.p || !parsed.salt || !parsed.key) return undefined;
  // N must be a power of two > 1; short salts or keys mean a corrupted entry.
  if (parsed.n < 2 || (parsed.n & (parsed.n - 1)) !== 0) return undefined;
  if (parsed.salt.length < 8 || parsed.key.length < 16 || parsed.key.length > 64) return undefined;
  return { n: parsed.n, r: parsed.r, p: parsed.p, salt: parsed.salt, key: parsed.key };
}

/** True when `password` matches `encoded`; false for a wrong password or a malformed hash (never throws for either). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}
