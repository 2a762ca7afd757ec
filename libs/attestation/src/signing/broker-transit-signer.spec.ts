import { randomUUID } from 'node:crypto';
import { preAuthEncoding } from '../dsse/dsse-pae';
import { verifyDsseSignature } from '../dsse/verify-dsse-signature';
import { buildProvenanceStatement } from '../statement/slsa-provenance';
import { serializeStatement } from '../statement/in-toto-statement';
import { digestOf, provenanceInput, trustPolicy } from '../testing/attestation-fixtures';
import { TransitTestServer } from '../testing/transit-test-server';
import { AttestationVerifier } from '../verify/attestation-verifier';
import { trustPolicySchema } from '../verify/trust-policy.schema';
import { AttestationSigner } from './attestation-signer';
import { BrokerTransitSigner } from './broker-transit-signer';
import { SignerError } from './signer.error';

const DIGEST = digestOf('api-image');
// Built at run time: the repository holds no token-looking literal.
const TOKEN = ['wl', randomUUID(), randomUUID()].join('.');

async function signerError(promise: Promise<unknown>): Promise<SignerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignerError) return error;
    throw error;
  }
  throw new Error('expected a SignerError');
}

describe(BrokerTransitSigner.name, () => {
  describe.each(['ecdsa-p256', 'ed25519'] as const)('against a broker with an %s transit key', (type) => {
    const server = new TransitTestServer({ keyName: 'tollgate-attest', type, token: TOKEN, role: 'signer' });
    let brokerUrl: string;
    let signer: BrokerTransitSigner;

    beforeAll(async () => {
      brokerUrl = await server.start();
      signer = new BrokerTransitSigner({ brokerUrl, keyName: 'tollgate-attest', role: 'signer', workloadToken: () => TOKEN, pipelineRunId: 'payments/api#42' });
    });
    afterAll(() => server.stop());

    it('signs the PAE through the broker into a bundle that verifies with the published key', async () => {
      const statement = buildProvenanceStatement(provenanceInput(DIGEST));
      const signed = await AttestationSigner.withKey(signer).sign(statement);
      const sign = server.requests.find((r) => r.method === 'POST')!;
      expect(sign.authorization).toBe(`Bearer ${TOKEN}`);
      expect(sign.body).toEqual({
        input: preAuthEncoding('application/vnd.in-toto+json', serializeStatement(statement)).toString('base64'),
        role: 'signer',
        pipelineRunId: 'payments/api#42',
      });
      const published = await signer.publicKeys();
      const policy = trustPolicySchema.parse(trustPolicy(published.map((k) => ({ name: 'tollgate-attest', version: k.version, status: 'active' as const, publicKey: k.publicKeyPem }))));
      expect(new AttestationVerifier(policy).verify({ bundle: signed.bundle, digest: DIGEST }).keyHint).toBe('tollgate-attest:v1');
      expect(verifyDsseSignature(signed.bundle.dsseEnvelope!, published[0].publicKeyPem)).toBe(true);
    });

    it('fetches a version public key once and uses the new version after the broker rotates', async () => {
      const gets = (): number => server.requests.filter((r) => r.method === 'GET').length;
      const before = gets();
      await signer.sign(Buffer.from('one'));
      expect(gets()).toBe(before);
      server.rotate();
      const rotated = await signer.sign(Buffer.from('two'));
      expect(rotated.keyVersion).toBe(2);
      expect(gets()).toBe(before + 1);
      expect(rotated.publicKeyPem).toBe((await signer.publicKeys())[1].publicKeyPem);
    });
  });

  describe('when the broker fails', () => {
    const server = new TransitTestServer({ keyName: 'tollgate-attest', type: 'ecdsa-p256', token: TOKEN, role: 'signer' });
    let brokerUrl: string;
    const signerWith = (overrides: Partial<ConstructorParameters<typeof BrokerTransitSigner>[0]> = {}): BrokerTransitSigner =>
      new BrokerTransitSigner({ brokerUrl, keyName: 'tollgate-attest', role: 'signer', workloadToken: () => TOKEN, ...overrides });

    beforeAll(async () => {
      brokerUrl = await server.start();
    });
    afterAll(() => server.stop());

    it('reports SIGNER_UNAVAILABLE (retryable) on 503, quoting the broker but never the token', async () => {
      server.failNext(503, { error: { code: 'BACKEND_ERROR', message: `vault sealed while handling Bearer ${TOKEN}` } });
      const error = await signerError(signerWith().sign(Buffer.from('x')));
      expect(error.code).toBe('SIGNER_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toBe(`credential broker at ${brokerUrl} answered HTTP 503 for tollgate-attest: BACKEND_ERROR: vault sealed while handling Bearer [redacted]; nothing was signed`);
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(TOKEN);
    });

    it('reports SIGNING_REFUSED (not retryable) on 403 with the broker reason', async () => {
      const error = await signerError(signerWith({ role: 'deployer' }).sign(Buffer.from('x')));
      expect(error.code).toBe('SIGNING_REFUSED');
      expect(error.retryable).toBe(false);
      expect(error.details.status).toBe(403);
      expect(error.message).toContain('answered HTTP 403 for tollgate-attest: SIGNING_REFUSED: no role named deployer');
    });

    it('reports SIGNING_REFUSED on 401 for a token the broker does not accept, without quoting it', async () => {
      const wrong = `${TOKEN}-stale`;
      const error = await signerError(signerWith({ workloadToken: () => wrong }).sign(Buffer.from('x')));
      expect(error.code).toBe('SIGNING_REFUSED');
      expect(error.message).not.toContain(wrong);
    });

    it('reports SIGNING_REFUSED when no workload token can be obtained, without the provider error', async () => {
      const error = await signerError(
        signerWith({
          workloadToken: () => {
            throw new Error(`token file held ${TOKEN}`);
          },
        }).sign(Buffer.from('x')),
      );
      expect(error).toMatchObject({ code: 'SIGNING_REFUSED', message: 'no workload token available to sign with tollgate-attest; nothing was signed' });
    });

    it('reports SIGNER_REQUEST_INVALID for a key the broker does not have', async () => {
      const error = await signerError(signerWith({ keyName: 'missing-key' }).sign(Buffer.from('x')));
      expect(error.code).toBe('SIGNER_REQUEST_INVALID');
      expect(error.details.status).toBe(404);
    });

    it('reports SIGNER_RESPONSE_INVALID when the signature does not verify with the version it names', async () => {
      server.rotate();
      server.lieAboutVersion = true;
      try {
        const error = await signerError(signerWith().sign(Buffer.from('x')));
        expect(error).toMatchObject({ code: 'SIGNER_RESPONSE_INVALID' });
        expect(error.message).toContain('the signature does not verify with the published public key of tollgate-attest v1');
      } finally {
        server.lieAboutVersion = false;
      }
    });

    it('reports SIGNER_UNAVAILABLE when the broker is unreachable', async () => {
      const gone = new TransitTestServer({ keyName: 'k', type: 'ed25519', token: TOKEN, role: 'signer' });
      const url = await gone.start();
      await gone.stop();
      const error = await signerError(signerWith({ brokerUrl: url }).sign(Buffer.from('x')));
      expect(error.code).toBe('SIGNER_UNAVAILABLE');
      expect(error.message).toBe(`credential broker at ${url} unreachable (ECONNREFUSED); nothing was signed`);
    });
  });

  it('refuses invalid options before any request, naming the field', () => {
    expect(() => new BrokerTransitSigner({ brokerUrl: 'ftp://broker', keyName: 'bad key', role: 'signer', workloadToken: () => TOKEN })).toThrow(
      'broker transit signer options are invalid: brokerUrl: expected http(s) URL, got "ftp://broker"; keyName: expected transit key name, got "bad key"',
    );
  });
});
