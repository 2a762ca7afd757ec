import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Header names are lowercase because Node lowercases incoming header names. */
export const SIGNATURE_HEADER = 'x-tollgate-signature';
export const SOURCE_HEADER = 'x-tollgate-source';

export type SignatureVerification =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

export interface VerifyRequestSignatureOptions {
  secret: string | Buffer;
  /** The raw request body exactly as received; re-serialized JSON would not match. */
  body: Buffer;
  header: string | undefined;
  now?: Date;
  /** Allowed clock difference either side of `now`, in seconds. */
  toleranceSeconds: number;
}

const TIMESTAMP = /^\d{1,15}$/;
const V1_HEX = /^[0-9a-f]{64}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function assertSecret(secret: string | Buffer): void {
  // An empty key would make every signature trivially forgeable; fail closed.
  if (secret.length === 0) throw new TypeError('HMAC secret must not be empty');
}

function mac(secret: string | Buffer, timestamp: number, nonce: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${nonce}.`).update(body).digest();
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * The `X-Tollgate-Signature` value for `body`:
 * `t=<unix seconds>,n=<nonce>,v1=<hex HMAC-SHA256(secret, "<t>.<n>.<body>")>`.
 * The random nonce makes every attempt's signature unique, so a retry inside
 * the same second is not mistaken for a replay.
 */
export function signRequest(
  secret: string | Buffer,
  body: string | Buffer,
  now: Date = new Date(),
  nonce: string = randomBytes(16).toString('base64url'),
): string {
  assertSecret(secret);
  if (!NONCE.test(nonce)) throw new RangeError('nonce must be 16-64 characters of [A-Za-z0-9_-]');
  const t = unixSeconds(now);
  return `t=${t},n=${nonce},v1=${mac(secret, t, nonce, body).toString('hex')}`;
}

type ParsedHeader = { timestamp: number; nonce: string; signatures: string[] } | undefined;

// `t=<digits>` and `n=<nonce>` exactly once and at least one `v1=<64 lowercase hex>`; unknown
// schemes (a future `v2=`) are ignored so senders can add them ahead of us.
function parseHeader(header: string): ParsedHeader {
  let timestamp: number | undefined;
  let nonce: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !TIMESTAMP.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'n') {
      if (nonce !== undefined || !NONCE.test(value)) return undefined;
      nonce = value;
    } else if (key === 'v1') {
      if (!V1_HEX.test(value)) return undefined;
      signatures.push(value);
    }
  }
  if (timestamp === undefined || nonce === undefined || signatures.length === 0) return undefined;
  return { timestamp, nonce, signatures };
}

/**
 * Checks an `X-Tollgate-Signature` header against the raw body. Several `v1=`
 * entries are allowed so a sender can sign with the old and the new secret
 * while a secret is rotated. The signature is checked before the clock, so
 * `expired` always means a genuine but stale (possibly replayed) request.
 */
export function verifyRequestSignature(opts: VerifyRequestSignatureOptions): SignatureVerification {
  assertSecret(opts.secret);
  if (!Number.isFinite(opts.toleranceSeconds) || opts.toleranceSeconds < 0) {
    throw new RangeError('toleranceSeconds must be a finite number >= 0');
  }
  if (opts.header === undefined || opts.header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseHeader(opts.header);
  if (!parsed) return { ok: false, reason: 'malformed' };

  const expected = mac(opts.secret, parsed.timestamp, parsed.nonce, opts.body);
  let matched: string | undefined;
  // Compare every entry (no early exit) so timing does not reveal which one matched.
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex')) && matched === undefined) matched = candidate;
  }
  if (matched === undefined) return { ok: false, reason: 'mismatch' };

  const now = unixSeconds(opts.now ?? new Date());
  if (Math.abs(now - parsed.timestamp) > opts.toleranceSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, timestamp: parsed.timestamp, signature: matched };
}
