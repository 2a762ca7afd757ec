import { createHash } from 'node:crypto';

// Shorter secrets show no characters at all: four of eight would be half the secret.
const MIN_LENGTH_TO_SHOW_PREFIX = 16;

/** What a reviewer may see of a secret: its first four characters (for long ones) and its length, never enough to use it. */
export function maskSecret(secret: string): string {
  const prefix = secret.length >= MIN_LENGTH_TO_SHOW_PREFIX ? secret.slice(0, 4) : '';
  return `${prefix}…(${secret.length} chars)`;
}

/**
 * sha256 over a domain-separated secret: the same credential gives the same fingerprint in
 * every file and re-scan (so one waiver or one rotation covers it), and the value is not
 * stored. Line breaks are ignored so a key re-wrapped or JSON-escaped stays the same key.
 */
export function secretFingerprint(ruleId: string, secret: string): string {
  const normalized = secret.replace(/\\[nr]|\s/g, '');
  return createHash('sha256').update(`tollgate-secret-v1\0${ruleId}\0${normalized}`, 'utf8').digest('hex');
}
