import { randomBytes } from 'node:crypto';
import { type TollgateEvent, buildEvent } from '@tollgate/events';
import { GatewayClient, type GatewayClientOptions } from './gateway-client';
import { GatewayError } from './gateway.error';
import { SIGNATURE_HEADER, SOURCE_HEADER, verifyRequestSignature } from './request-signature';
import { type ScriptedGateway, type ScriptedResponse, closedPort, startScriptedGateway } from './testing/scripted-gateway';

const SECRET = randomBytes(32).toString('hex');
const START = new Date('2025-06-01T12:00:00Z');

function anEvent(): TollgateEvent {
  return buildEvent('pipelinerun.started', {
    source: '/ci/jenkins-prod',
    subjectId: 'payments-api-42',
    pipelineRunId: 'jenkins/payments-api/42',
    content: { pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' },
  });
}

const accepted = (event: TollgateEvent): ScriptedResponse => ({ status: 202, body: { id: event.id, duplicate: false } });
const invalid: ScriptedResponse = {
  status: 400,
  body: {
    error: {
      code: 'EVENT_INVALID',
      message: 'Invalid event',
      issues: [
        { path: 'data.subject.content.uri', expected: 'absolute URI', got: '"nope"', message: 'data.subject.content.uri: expected absolute URI, got "nope"' },
        { path: 'pipelinerunid', expected: 'string', got: 'missing', message: 'pipelinerunid: expected string, got missing' },
      ],
    },
  },
};

describe(GatewayClient.name, () => {
  let gateway: ScriptedGateway | undefined;
  let sleeps: number[];
  let clock: number;

  beforeEach(() => {
    sleeps = [];
    clock = 0;
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  // Every call to now() is one second later, so each attempt is signed with its own timestamp.
  function client(url: string, overrides: Partial<GatewayClientOptions> = {}): GatewayClient {
    return new GatewayClient({
      url,
      sourceId: 'jenkins-prod',
      secret: SECRET,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      now: () => new Date(START.getTime() + 1000 * clock++),
      random: () => 0.5,
      ...overrides,
    });
  }

  async function caught(promise: Promise<unknown>): Promise<GatewayError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }

  describe('#sendEvent', () => {
    it('posts the event in structured mode, signed with the source secret', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([accepted(event)]);

      await expect(client(gateway.url).sendEvent(event)).resolves.toEqual({ status: 202, id: event.id, duplicate: false });

      const [req] = gateway.requests;
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/v1/events');
      expect(req.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(req.headers[SOURCE_HEADER]).toBe('jenkins-prod');
      expect(JSON.parse(req.body.toString('utf8'))).toEqual(event);
      const check = verifyRequestSignature({ secret: SECRET, body: req.body, header: req.headers[SIGNATURE_HEADER] as string, now: START, toleranceSeconds: 5 });
      expect(check.ok).toBe(true);
    });

    it('reports duplicate when the gateway already has the event id', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([{ status: 200, body: { id: event.id, duplicate: true } }]);
      await expect(client(gateway.url).sendEvent(event)).resolves.toEqual({ status: 200, id: event.id, duplicate: true });
    });

    it('retries a 503 and succeeds, with the same event id and a fresh signature on each attempt', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([{ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'bus down' } } }, accepted(event)]);

      await expect(client(gateway.url).sendEvent(event)).resolves.toEqual({ status: 202, id: event.id, duplicate: false });

      expect(gateway.requests).toHaveLength(2);
      const [first, second] = gateway.requests;
      expect(JSON.parse(second.body.toString('utf8')).id).toBe(event.id);
      expect(second.body.equals(first.body)).toBe(true);
      expect(second.headers[SIGNATURE_HEADER]).not.toBe(first.headers[SIGNATURE_HEADER]);
      const checks = gateway.requests.map((req) => {
        const header = req.headers[SIGNATURE_HEADER] as string;
        const signedAt = new Date(Number(/^t=(\d+),/.exec(header)?.[1]) * 1000);
        return verifyRequestSignature({ secret: SECRET, body: req.body, header, now: signedAt, toleranceSeconds: 0 });
      });
      expect(checks.map((c) => c.ok)).toEqual([true, true]);
      const [t1, t2] = checks.map((c) => (c.ok ? c.timestamp : Number.NaN));
      expect(t2).toBeGreaterThan(t1);
    });

    it('backs off exponentially with full jitter, capped at maxDelayMs', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([{ status: 502 }, { status: 504 }, { status: 500 }, { status: 503 }, accepted(event)]);

      await client(gateway.url, { baseDelayMs: 100, maxDelayMs: 300 }).sendEvent(event);

      // random() = 0.5 of min(300, 100 * 2^attempt): 100, 200, 400→300, 800→300.
      expect(sleeps).toEqual([50, 100, 150, 150]);
      expect(gateway.requests).toHaveLength(5);
    });

    it('waits exactly the Retry-After seconds of a 429 instead of its own backoff', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([{ status: 429, headers: { 'retry-after': '2' } }, accepted(event)]);

      await expect(client(gateway.url).sendEvent(event)).resolves.toMatchObject({ status: 202 });
      expect(sleeps).toEqual([2000]);
    });

    it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
      gateway = await startScriptedGateway([{ status: 429, headers: { 'retry-after': '3600' } }]);

      const err = await caught(client(gateway.url).sendEvent(anEvent()));
      expect(err.code).toBe('UNAVAILABLE');
      expect(err.message).toContain('asks to retry after 3600s');
      expect(gateway.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('does not retry a 400 and surfaces every issue as "<path>: expected <expected>, got <got>"', async () => {
      gateway = await startScriptedGateway([invalid, invalid]);

      const err = await caught(client(gateway.url).sendEvent(anEvent()));
      expect(err).toMatchObject({ code: 'REJECTED', status: 400, serverCode: 'EVENT_INVALID', attempts: 1 });
      expect(err.issues.map((i) => i.path)).toEqual(['data.subject.content.uri', 'pipelinerunid']);
      expect(err.message).toContain('gateway rejected the event (400 EVENT_INVALID): Invalid event');
      expect(err.message).toContain('\n  data.subject.content.uri: expected absolute URI, got "nope"');
      expect(err.message).toContain('\n  pipelinerunid: expected string, got missing');
      expect(gateway.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('does not retry a 401 and reports UNAUTHENTICATED without the secret', async () => {
      gateway = await startScriptedGateway([{ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'signature mismatch' } } }]);

      const err = await caught(client(gateway.url).sendEvent(anEvent()));
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(err.message).toBe('gateway refused the credentials of source "jenkins-prod" (401 UNAUTHENTICATED): signature mismatch');
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(SECRET);
      expect(gateway.requests).toHaveLength(1);
    });

    it.each([413, 415])('does not retry a %i', async (status) => {
      gateway = await startScriptedGateway([{ status, body: { error: { code: 'NOPE', message: 'refused' } } }]);

      const err = await caught(client(gateway.url).sendEvent(anEvent()));
      expect(err).toMatchObject({ code: 'REJECTED', status });
      expect(gateway.requests).toHaveLength(1);
    });

    it('reports UNAVAILABLE with the last answer once every retry was used', async () => {
      gateway = await startScriptedGateway(() => ({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'bus down' } } }));

      const err = await caught(client(gateway.url, { retries: 2 }).sendEvent(anEvent()));
      expect(err).toMatchObject({ code: 'UNAVAILABLE', status: 503, attempts: 3 });
      expect(err.message).toBe('gateway unavailable after 3 attempts (503 UNAVAILABLE): bus down');
      expect(gateway.requests).toHaveLength(3);
      expect(sleeps).toHaveLength(2);
    });

    it('retries a refused connection, then reports NETWORK', async () => {
      const port = await closedPort();
      const notices: string[] = [];

      const err = await caught(
        client(`http://127.0.0.1:${port}`, { retries: 2, onRetry: (n) => notices.push(`${n.attempt}/${n.maxAttempts}: ${n.reason}`) }).sendEvent(anEvent()),
      );
      expect(err).toMatchObject({ code: 'NETWORK', attempts: 3 });
      expect(err.status).toBeUndefined();
      expect(err.message).toContain(`cannot reach the gateway at http://127.0.0.1:${port}/ after 3 attempts: connect ECONNREFUSED`);
      expect(notices).toEqual([expect.stringMatching(/^1\/3: connect ECONNREFUSED/), expect.stringMatching(/^2\/3: connect ECONNREFUSED/)]);
      expect(sleeps).toHaveLength(2);
    });

    it('keeps a path prefix of the gateway URL', async () => {
      const event = anEvent();
      gateway = await startScriptedGateway([accepted(event)]);
      await client(`${gateway.url}/ingest`).sendEvent(event);
      expect(gateway.requests[0].url).toBe('/ingest/v1/events');
    });

    it('needs a source id and secret', async () => {
      await expect(new GatewayClient({ url: 'http://gateway.example.internal' }).sendEvent(anEvent())).rejects.toThrow('sendEvent needs sourceId and secret');
    });
  });

  describe('#getPipeline', () => {
    it('GETs the URL-encoded run id and returns the JSON answer', async () => {
      const view = { pipelineRunId: 'jenkins/payments-api/42', events: [] };
      gateway = await startScriptedGateway([{ status: 200, body: view }]);

      await expect(client(gateway.url).getPipeline('jenkins/payments-api/42')).resolves.toEqual(view);
      expect(gateway.requests[0]).toMatchObject({ method: 'GET', url: '/v1/pipelines/jenkins%2Fpayments-api%2F42' });
    });

    it('signs the read with an empty body when credentials are configured', async () => {
      gateway = await startScriptedGateway([{ status: 200, body: {} }]);
      await client(gateway.url).getPipeline('run-1');
      const header = gateway.requests[0].headers[SIGNATURE_HEADER] as string;
      expect(verifyRequestSignature({ secret: SECRET, body: Buffer.alloc(0), header, now: START, toleranceSeconds: 0 }).ok).toBe(true);
    });

    it('sends no signature without credentials', async () => {
      gateway = await startScriptedGateway([{ status: 200, body: {} }]);
      await new GatewayClient({ url: gateway.url }).getPipeline('run-1');
      expect(gateway.requests[0].headers[SIGNATURE_HEADER]).toBeUndefined();
      expect(gateway.requests[0].headers[SOURCE_HEADER]).toBeUndefined();
    });

    it('reports NOT_FOUND for an unknown run', async () => {
      gateway = await startScriptedGateway([{ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such pipeline run' } } }]);

      const err = await caught(client(gateway.url).getPipeline('run-9'));
      expect(err).toMatchObject({ code: 'NOT_FOUND', status: 404 });
      expect(err.message).toBe('pipeline run "run-9" not found (404 NOT_FOUND): no such pipeline run');
    });
  });

  describe('constructor', () => {
    it('refuses a URL carrying credentials without echoing it', () => {
      expect(() => new GatewayClient({ url: 'http://user:hunter2@gateway.example.internal' })).toThrow(
        expect.objectContaining({ message: 'gateway URL must not contain credentials' }),
      );
    });

    it.each(['not a url', 'ftp://gateway.example.internal'])('refuses %p', (url) => {
      expect(() => new GatewayClient({ url })).toThrow(TypeError);
    });

    it('refuses a negative retry count', () => {
      expect(() => new GatewayClient({ url: 'http://gateway.example.internal', retries: -1 })).toThrow(RangeError);
    });
  });
});
