import { randomBytes } from 'node:crypto';
import { SIGNATURE_HEADER, SOURCE_HEADER, signRequest, verifyRequestSignature } from './request-signature';

const NOW = new Date('2025-06-01T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = Buffer.from('{"specversion":"1.0","id":"e-1"}');
const TOLERANCE = 300;
const NONCE = 'nonce-0123456789abcdef';

function secondsFrom(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

describe(signRequest.name, () => {
  it('produces t=<unix seconds>,n=<nonce>,v1=<HMAC-SHA256 hex of "<t>.<n>.<body>"> matching an independent computation', () => {
    // Vector computed with: printf '1700000000.abcdefghijklmnop.{"a":1}' | openssl dgst -sha256 -hmac whsec-test-key
    const header = signRequest('whsec-test-key', '{"a":1}', new Date(1_700_000_000_000), 'abcdefghijklmnop');
    expect(header).toBe('t=1700000000,n=abcdefghijklmnop,v1=497faf5df2bd5109800c187a17e75bd7b26eb2e8e9547f1f5c934815f2093dfc');
  });

  it('signs a string body and the same bytes as a Buffer identically', () => {
    const secret = randomBytes(32);
    expect(signRequest(secret, BODY.toString('utf8'), NOW, NONCE)).toBe(signRequest(secret, BODY, NOW, NONCE));
  });

  it('gives two signatures of the same body in the same second different values, so a retry is not a replay', () => {
    const secret = randomBytes(32);
    expect(signRequest(secret, BODY, NOW)).not.toBe(signRequest(secret, BODY, NOW));
  });

  it('refuses an empty secret', () => {
    expect(() => signRequest('', BODY, NOW)).toThrow('HMAC secret must not be empty');
  });

  it('names the headers in lowercase, as Node presents incoming headers', () => {
    expect([SIGNATURE_HEADER, SOURCE_HEADER]).toEqual(['x-tollgate-signature', 'x-tollgate-source']);
  });
});

describe(verifyRequestSignature.name, () => {
  const secret = randomBytes(32);

  function verify(header: string | undefined, overrides: { secret?: string | Buffer; body?: Buffer; now?: Date } = {}) {
    return verifyRequestSignature({ secret, body: BODY, header, now: NOW, toleranceSeconds: TOLERANCE, ...overrides });
  }

  it('accepts a fresh signature and returns its timestamp and the matching v1 value', () => {
    const header = signRequest(secret, BODY, NOW);
    expect(verify(header)).toEqual({ ok: true, timestamp: T, signature: header.split('v1=')[1] });
  });

  it('accepts a timestamp exactly at the tolerance on either side', () => {
    expect(verify(signRequest(secret, BODY, secondsFrom(NOW, -TOLERANCE))).ok).toBe(true);
    expect(verify(signRequest(secret, BODY, secondsFrom(NOW, TOLERANCE))).ok).toBe(true);
  });

  it('reports expired when a genuine signature is older than the tolerance', () => {
    expect(verify(signRequest(secret, BODY, secondsFrom(NOW, -TOLERANCE - 1)))).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports expired when the timestamp is further in the future than the tolerance', () => {
    expect(verify(signRequest(secret, BODY, secondsFrom(NOW, TOLERANCE + 1)))).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports mismatch when the body was changed after signing', () => {
    const header = signRequest(secret, BODY, NOW);
    const tampered = Buffer.from(BODY.toString('utf8').replace('e-1', 'e-2'));
    expect(verify(header, { body: tampered })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('reports mismatch when signed with another secret', () => {
    expect(verify(signRequest(randomBytes(32), BODY, NOW))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('reports mismatch when the timestamp was edited, since it is part of the signed text', () => {
    const [, n, v1] = signRequest(secret, BODY, NOW).split(',');
    expect(verify(`t=${T + 1},${n},${v1}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('reports mismatch when the nonce was edited, since it is part of the signed text', () => {
    const [t, , v1] = signRequest(secret, BODY, NOW).split(',');
    expect(verify(`${t},n=${NONCE},${v1}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('reports mismatch rather than expired for a stale signature that is also wrong', () => {
    expect(verify(signRequest(randomBytes(32), BODY, secondsFrom(NOW, -3600)))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([undefined, '', '   '])('reports missing for header %p', (header) => {
    expect(verify(header)).toEqual({ ok: false, reason: 'missing' });
  });

  const v1 = 'a'.repeat(64);
  it.each([
    ['no key=value pairs', 'garbage'],
    ['no timestamp', `n=${NONCE},v1=${v1}`],
    ['no nonce', `t=${T},v1=${v1}`],
    ['a short nonce', `t=${T},n=abc,v1=${v1}`],
    ['two nonces', `t=${T},n=${NONCE},n=${NONCE},v1=${v1}`],
    ['no v1 entry', `t=${T},n=${NONCE}`],
    ['a non-numeric timestamp', `t=soon,n=${NONCE},v1=${v1}`],
    ['a negative timestamp', `t=-5,n=${NONCE},v1=${v1}`],
    ['two timestamps', `t=${T},t=${T},n=${NONCE},v1=${v1}`],
    ['a short v1', `t=${T},n=${NONCE},v1=abc`],
    ['uppercase hex', `t=${T},n=${NONCE},v1=${'A'.repeat(64)}`],
    ['an empty part', `t=${T},n=${NONCE},,v1=${v1}`],
    ['a part without a key', `t=${T},n=${NONCE},=x,v1=${v1}`],
  ])('reports malformed for %s', (_what, header) => {
    expect(verify(header)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('tolerates spaces around entries', () => {
    const [t, n, sig] = signRequest(secret, BODY, NOW).split(',');
    expect(verify(` ${t} , ${n} , ${sig} `).ok).toBe(true);
  });

  it('ignores signature schemes it does not know', () => {
    const [t, n, sig] = signRequest(secret, BODY, NOW).split(',');
    expect(verify(`${t},${n},v0=not-hex,${sig}`).ok).toBe(true);
  });

  describe('secret rotation', () => {
    const oldSecret = randomBytes(32);
    const newSecret = randomBytes(32);
    const oldSig = signRequest(oldSecret, BODY, NOW, NONCE).split('v1=')[1];
    const newSig = signRequest(newSecret, BODY, NOW, NONCE).split('v1=')[1];
    const header = `t=${T},n=${NONCE},v1=${oldSig},v1=${newSig}`;

    it('accepts a header carrying one v1 per secret, whichever secret the verifier holds', () => {
      expect(verify(header, { secret: oldSecret })).toEqual({ ok: true, timestamp: T, signature: oldSig });
      expect(verify(header, { secret: newSecret })).toEqual({ ok: true, timestamp: T, signature: newSig });
    });

    it('still rejects when no v1 entry matches the verifier secret', () => {
      expect(verify(header, { secret: randomBytes(32) })).toEqual({ ok: false, reason: 'mismatch' });
    });
  });

  it('throws on an empty secret or an unusable tolerance rather than accepting everything', () => {
    const header = signRequest(secret, BODY, NOW);
    expect(() => verify(header, { secret: '' })).toThrow('HMAC secret must not be empty');
    expect(() => verifyRequestSignature({ secret, body: BODY, header, now: NOW, toleranceSeconds: Number.NaN })).toThrow(RangeError);
    expect(() => verifyRequestSignature({ secret, body: BODY, header, now: NOW, toleranceSeconds: -1 })).toThrow(RangeError);
  });
});
