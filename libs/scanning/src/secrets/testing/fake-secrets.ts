import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';

/*
 * Credential-shaped test values, built at run time from random bytes so that the
 * repository holds no literal a scanner would flag. Test-only; not exported from the lib.
 */

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random characters from `alphabet`; the first three are forced upper, lower and digit when `mixed`. */
export function randomToken(length: number, alphabet = BASE62, mixed = true): string {
  const bytes = randomBytes(length);
  const chars = [...bytes].map((b) => alphabet.charAt(b % alphabet.length));
  if (mixed && length >= 3) chars.splice(0, 3, 'Q', 'r', '7');
  return chars.join('');
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const fake = {
  awsAccessKeyId: () => ['AK', 'IA'].join('') + randomToken(16, UPPER_DIGITS, false),
  awsSecretAccessKey: () => randomToken(40),
  githubToken: () => ['gh', 'p_'].join('') + randomToken(36),
  vaultToken: () => ['hv', 's.'].join('') + randomToken(90),
  vaultBatchToken: () => ['hv', 'b.'].join('') + randomToken(120),
  legacyVaultToken: () => ['s', '.'].join('') + randomToken(24),
  gitlabToken: () => ['gl', 'pat-'].join('') + randomToken(20),
  password: () => randomToken(24),
  jwt: (): string => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'build-agent', exp: 1_900_000_000 })}`;
    return `${signingInput}.${createHmac('sha256', randomBytes(32)).update(signingInput).digest('base64url')}`;
  },
  /** A real PKCS#8 key, generated now. */
  privateKeyPem: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  encryptedPrivateKeyPem: () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: randomToken(12) }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey,
};
