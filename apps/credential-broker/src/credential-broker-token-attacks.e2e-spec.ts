import { createPublicKey, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { startTestIssuer, type TestIssuer } from '@tollgate/testing';
import { AUDIENCE, eventually, jenkinsClaims, startBrokerHarness, type BrokerHarness } from './testing/broker-harness';

const runId = (): string => `https://ci.example.internal/job/pumps/job/firmware/${randomBytes(4).toString('hex')}/`;

describe('credential-broker refuses forged and out-of-bounds workload tokens', () => {
  let h: BrokerHarness;
  let stranger: TestIssuer;

  beforeAll(async () => {
    h = await startBrokerHarness();
    stranger = await startTestIssuer(AUDIENCE);
  });

  afterAll(async () => {
    await stranger?.close();
    await h?.close();
  });

  /** The classic algorithm-confusion forgery: HS256 keyed with the issuer's PUBLIC key. */
  async function hmacWithPublicKey(): Promise<string> {
    const jwks = (await (await fetch(h.issuer.jwksUri)).json()) as { keys: Record<string, string>[] };
    const pem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: h.issuer.issuer, ...jenkinsClaims() })
      .setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0].kid })
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(Buffer.from(pem as string));
  }

  const now = () => Math.floor(Date.now() / 1000);
  const attacks: [string, () => Promise<string>, number, string, string][] = [
    ['an expired token', () => h.issuer.sign(jenkinsClaims(), { expiresInSeconds: -120 }), 401, 'token-invalid', 'token expired'],
    ['a token not yet valid', () => h.issuer.sign(jenkinsClaims(), { notBefore: now() + 600 }), 401, 'token-invalid', 'token not yet valid'],
    ['a token from an issuer nobody trusts', () => stranger.sign(jenkinsClaims()), 401, 'token-invalid', 'issuer not trusted'],
    ['a token for another audience', () => h.issuer.sign(jenkinsClaims({ aud: 'some-other-service' })), 403, 'role-mismatch', 'audience not bound to role pumps-ci'],
    ['a job outside the role bounds', () => h.issuer.sign(jenkinsClaims({ job_name: 'payments/api' })), 403, 'role-mismatch', 'claim "job_name" outside the bounds of role pumps-ci'],
    ['a branch outside the role bounds', () => h.issuer.sign(jenkinsClaims({ ref: 'refs/heads/feature/x' })), 403, 'role-mismatch', 'claim "ref" outside the bounds of role pumps-ci'],
    ['a token missing a bound claim', () => h.issuer.sign(jenkinsClaims({ ref: undefined })), 403, 'role-mismatch', 'claim "ref" missing or not a string (role pumps-ci)'],
    ['an unsigned alg:none token', async () => h.issuer.unsigned(jenkinsClaims()), 401, 'token-invalid', 'signing algorithm not allowed'],
    ['an HMAC token signed with the issuer public key', hmacWithPublicKey, 401, 'token-invalid', 'signing algorithm not allowed'],
    ['a token signed by a key with an unknown kid', () => h.issuer.sign(jenkinsClaims(), { key: 'foreign' }), 401, 'token-invalid', 'no key in the issuer JWKS matches the token kid'],
    ['garbage in place of a token', async () => 'not.a.jwt', 401, 'token-invalid', 'malformed token'],
  ];

  it.each(attacks)('refuses %s, issues nothing, records and publishes the denial', async (_what, forge, status, category, reason) => {
    const run = runId();
    const before = await h.query(`SELECT count(*)::int AS n FROM credential_lease`);
    const res = await h.exchange(await forge(), { role: 'pumps-ci', pipelineRunId: run });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code: 'CREDENTIALS_DENIED', category, message: `credentials denied (${category}): ${reason}` } });
    expect(await h.query(`SELECT count(*)::int AS n FROM credential_lease`)).toEqual(before);
    expect(await h.query(`SELECT detail FROM audit_entry WHERE kind = 'denied' AND pipeline_run_id = $1`, [run])).toEqual([{ detail: { category, reason } }]);
    const event = await eventually(async () => (await h.events('CREDENTIALS')).find((e) => e.pipelinerunid === run));
    expect(event.type).toBe('dev.cdeventsx.tollgate-credentials.denied.0.1.0');
    expect(event.data.subject.content).toEqual({ role: 'pumps-ci', category, reason });
  });

  it('refuses a role the token does not name correctly, and a request with no token at all', async () => {
    const unknownRole = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'root', pipelineRunId: runId() });
    expect(unknownRole).toMatchObject({ status: 403, body: { error: { category: 'role-mismatch', message: 'credentials denied (role-mismatch): no role named root' } } });
    const res = await fetch(`${h.broker.url}/v1/credentials/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'pumps-ci', pipelineRunId: runId() }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'REQUEST_INVALID', message: 'missing workload token: send Authorization: Bearer <jwt>' } });
  });

  it('names every problem of a malformed request body and changes nothing', async () => {
    const before = await h.query(`SELECT count(*)::int AS n FROM audit_entry`);
    const res = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: '', ttlSeconds: -5, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra', 'pipelineRunId', 'role', 'ttlSeconds']);
    expect(await h.query(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(before);
  });
});
