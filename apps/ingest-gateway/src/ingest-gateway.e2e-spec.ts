import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvent, encodeEvent } from '@tollgate/events';
import { hashPassword, signRequest, SIGNATURE_HEADER, SOURCE_HEADER } from '@tollgate/event-client';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '@tollgate/ingest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { initTelemetry, traceIdForRun, type Telemetry } from '@tollgate/telemetry';
import {
  countStreamMessages,
  createTestDataSource,
  deleteStreamsWithPrefix,
  readStreamPayloads,
  sharedNatsUrl,
  startTestIssuer,
  uniqueName,
  type TestDataSource,
  type TestIssuer,
} from '@tollgate/testing';
import { startIngestGateway, type RunningGateway } from './bootstrap';
import { loadGatewayConfig } from './gateway.config';

const HMAC_SECRET = randomBytes(32).toString('base64url');
const JENKINS_PASSWORD = randomBytes(16).toString('base64url');
const MAX_BODY = 64 * 1024;

describe('ingest-gateway (end to end over real NATS and Postgres)', () => {
  let db: TestDataSource;
  let issuer: TestIssuer;
  let gateway: RunningGateway;
  let dir: string;
  let telemetry: Telemetry;
  const spans = new InMemorySpanExporter();
  const natsUrl = sharedNatsUrl();
  const streamPrefix = `${uniqueName('gw').toUpperCase()}_`;
  const pipelineStream = `${streamPrefix}TOLLGATE_PIPELINE`;
  const artifactStream = `${streamPrefix}TOLLGATE_ARTIFACT`;

  beforeAll(async () => {
    telemetry = initTelemetry({ serviceName: 'ingest-gateway-e2e', spanExporter: spans, exportImmediately: true });
    db = await createTestDataSource({ entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS });
    issuer = await startTestIssuer('tollgate-ingest');
    dir = mkdtempSync(join(tmpdir(), 'tollgate-gw-'));
    writeFileSync(join(dir, 'ci.hmac'), HMAC_SECRET, { mode: 0o600 });
    const sources = {
      sources: [
        { id: 'ci-hmac', eventSource: '/ci/test', hmac: { secretFile: join(dir, 'ci.hmac') }, ratePerMinute: 1000 },
        { id: 'ci-slow', hmac: { secretFile: join(dir, 'ci.hmac') }, ratePerMinute: 2 },
        { id: 'jenkins', eventSource: '/ci/jenkins', basic: { username: 'jenkins', passwordHash: await hashPassword(JENKINS_PASSWORD) } },
        { id: 'k8s-oidc', oidc: { issuer: issuer.issuer, audience: 'tollgate-ingest', jwksUri: issuer.jwksUri } },
      ],
    };
    writeFileSync(join(dir, 'sources.json'), JSON.stringify(sources));
    gateway = await startIngestGateway(
      loadGatewayConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        NATS_URL: natsUrl,
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: db.schema,
        INGEST_SOURCES_FILE: join(dir, 'sources.json'),
        INGEST_MAX_BODY_BYTES: String(MAX_BODY),
        LOG_LEVEL: 'silent',
        TOLLGATE_SUBJECT_PREFIX: `${streamPrefix.toLowerCase()}.`,
        TOLLGATE_STREAM_PREFIX: streamPrefix,
      }),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await issuer?.close();
    await db?.destroy();
    await deleteStreamsWithPrefix(natsUrl, streamPrefix);
    rmSync(dir, { recursive: true, force: true });
    await telemetry?.shutdown();
  });

  function startedEvent(runId = `https://ci.example.internal/job/app/${randomBytes(3).toString('hex')}/`) {
    return buildEvent('pipelinerun.started', {
      source: '/ci/test',
      subjectId: runId,
      pipelineRunId: runId,
      content: { pipelineName: 'app', uri: runId },
    });
  }

  function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Response> {
    return fetch(`${gateway.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
  }

  function signed(body: string, source = 'ci-hmac', extra: Record<string, string> = {}): Record<string, string> {
    return { 'content-type': 'application/cloudevents+json', [SOURCE_HEADER]: source, [SIGNATURE_HEADER]: signRequest(HMAC_SECRET, body), ...extra };
  }

  async function accepted(): Promise<number> {
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM accepted_event');
    return count;
  }

  async function expectNothingPublished(fn: () => Promise<void>): Promise<void> {
    const before = { accepted: await accepted(), pipeline: await countStreamMessages(natsUrl, pipelineStream) };
    await fn();
    // Give a (wrongly) accepted event time to be relayed before checking the stream.
    await new Promise((r) => setTimeout(r, 300));
    expect({ accepted: await accepted(), pipeline: await countStreamMessages(natsUrl, pipelineStream) }).toEqual(before);
  }

  describe('POST /v1/events', () => {
    it('accepts a signed structured event with 202 and answers a resend with duplicate: true', async () => {
      const body = new TextDecoder().decode(encodeEvent(startedEvent()));
      const id = JSON.parse(body).id;
      const first = await post('/v1/events', body, signed(body));
      expect(first.status).toBe(202);
      expect(await first.json()).toEqual({ id, duplicate: false });

      const again = await post('/v1/events', body, signed(body));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ id, duplicate: true });

      const stored = (await readStreamPayloads(natsUrl, pipelineStream)).filter((p: string) => p.includes(id));
      expect(stored).toHaveLength(1);
    });

    it('accepts binary mode with ce-* headers and a batch in one request', async () => {
      const event = startedEvent();
      const data = JSON.stringify(event.data);
      const binary = await post('/v1/events', data, {
        ...signed(data),
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': event.id,
        'ce-source': event.source,
        'ce-type': event.type,
        'ce-subject': event.subject!,
        'ce-time': event.time,
        'ce-pipelinerunid': encodeURIComponent(event.pipelinerunid),
      });
      expect(binary.status).toBe(202);
      expect(await binary.json()).toEqual({ id: event.id, duplicate: false });

      const batch = [startedEvent(), startedEvent()];
      const body = JSON.stringify(batch);
      const res = await post('/v1/events', body, signed(body, 'ci-hmac', { 'content-type': 'application/cloudevents-batch+json' }));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ events: batch.map((e) => ({ id: e.id, duplicate: false })) });
    });

    it('refuses invalid input with 400 naming the field path, and publishes nothing', async () => {
      const bad = { ...startedEvent(), specversion: '0.3' } as Record<string, unknown>;
      delete bad.pipelinerunid;
      (bad.data as { subject: { content: Record<string, unknown> } }).subject.content = { pipelineName: 42, uri: 'x' };
      const body = JSON.stringify(bad);
      await expectNothingPublished(async () => {
        const res = await post('/v1/events', body, signed(body));
        expect(res.status).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; issues: { path: string; expected: string; got: string }[] } };
        expect(error.code).toBe('EVENT_INVALID');
        expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['specversion']));
        expect(error.issues.every((i) => i.expected && i.got)).toBe(true);
      });
    });

    it('names the batch index of an invalid event and accepts none of the batch', async () => {
      const good = startedEvent();
      const body = JSON.stringify([good, { ...startedEvent(), type: 'dev.cdevents.nonsense.happened.0.1.0' }]);
      await expectNothingPublished(async () => {
        const res = await post('/v1/events', body, signed(body, 'ci-hmac', { 'content-type': 'application/cloudevents-batch+json' }));
        expect(res.status).toBe(400);
        const { error } = (await res.json()) as { error: { issues: { path: string }[] } };
        expect(error.issues[0].path).toBe('[1].type');
      });
    });

    it('answers 413 over the size limit, 415 for an unknown media type, and publishes nothing', async () => {
      await expectNothingPublished(async () => {
        const big = JSON.stringify({ ...startedEvent(), padding: 'x'.repeat(MAX_BODY) });
        expect((await post('/v1/events', big, signed(big))).status).toBe(413);
        const text = 'hello';
        expect((await post('/v1/events', text, { ...signed(text), 'content-type': 'text/plain' })).status).toBe(415);
      });
    });

    it('answers 429 with Retry-After when a source exceeds its rate', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const body = new TextDecoder().decode(encodeEvent(startedEvent()));
        const res = await post('/v1/events', body, signed(body, 'ci-slow'));
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toEqual([202, 202, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('authentication', () => {
    const body = (): string => new TextDecoder().decode(encodeEvent(startedEvent()));

    it('refuses missing, wrong, expired and replayed HMAC signatures with 401 and publishes nothing', async () => {
      await expectNothingPublished(async () => {
        const b1 = body();
        expect((await post('/v1/events', b1, { 'content-type': 'application/cloudevents+json' })).status).toBe(401);
        expect((await post('/v1/events', b1, { ...signed(b1), [SIGNATURE_HEADER]: signRequest('wrong-secret-wrong-secret-wrong-secret', b1) })).status).toBe(401);
        const old = signRequest(HMAC_SECRET, b1, new Date(Date.now() - 10 * 60_000));
        const expired = await post('/v1/events', b1, { ...signed(b1), [SIGNATURE_HEADER]: old });
        expect(expired.status).toBe(401);
        expect(((await expired.json()) as { error: { message: string } }).error.message).toBe('signature expired');
        const tampered = await post('/v1/events', b1.replace('"app"', '"evil"'), signed(b1));
        expect(tampered.status).toBe(401);
      });
      const b2 = body();
      const headers = signed(b2);
      expect((await post('/v1/events', b2, headers)).status).toBe(202);
      const replay = await post('/v1/events', b2, headers);
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('REPLAYED');
    });

    it('accepts a valid OIDC token and refuses expired, foreign-key, wrong-audience and alg:none tokens', async () => {
      const bearer = (token: string, _body: string) => ({ 'content-type': 'application/cloudevents+json', authorization: `Bearer ${token}` });
      const ok = body();
      expect((await post('/v1/events', ok, bearer(await issuer.sign(), ok))).status).toBe(202);

      await expectNothingPublished(async () => {
        const cases: [string, string][] = [
          [await issuer.sign({}, { expiresInSeconds: -120 }), 'token expired'],
          [await issuer.sign({}, { key: 'foreign' }), 'no matching key in the issuer JWKS'],
          [await issuer.sign({ aud: 'someone-else' }), 'claim "aud" mismatch'],
          [issuer.unsigned(), 'signing algorithm not allowed'],
        ];
        for (const [token, reason] of cases) {
          const b = body();
          const res = await post('/v1/events', b, bearer(token, b));
          expect(res.status).toBe(401);
          expect(((await res.json()) as { error: { message: string } }).error.message).toContain(reason);
        }
      });
    });

    it('accepts Basic credentials on the Jenkins webhook only', async () => {
      const basic = (password: string) => `Basic ${Buffer.from(`jenkins:${password}`).toString('base64')}`;
      await expectNothingPublished(async () => {
        const b = body();
        expect((await post('/v1/events', b, { 'content-type': 'application/cloudevents+json', authorization: basic(JENKINS_PASSWORD) })).status).toBe(401);
        const payload = JSON.stringify(jenkins('https://ci.example.internal/job/app/1/', 1, 'STARTED'));
        expect((await post('/v1/webhooks/jenkins', payload, { 'content-type': 'application/json', authorization: basic('wrong') })).status).toBe(401);
      });
    });
  });

  function jenkins(runUrl: string, number: number, phase: string, status?: string) {
    return {
      name: 'app',
      url: 'job/app/',
      build: { full_url: runUrl, number, phase, ...(status ? { status } : {}), url: `job/app/${number}/`, timestamp: Date.now(), scm: { commit: 'a'.repeat(40) } },
    };
  }

  describe('a Jenkins run through the webhook', () => {
    it('shows every phase in GET /v1/pipelines/:id under one trace id, and dedupes resent phases', async () => {
      const number = Number.parseInt(randomBytes(2).toString('hex'), 16);
      const runUrl = `https://ci.example.internal/job/app/${number}/`;
      const auth = { 'content-type': 'application/json;charset=UTF-8', authorization: `Basic ${Buffer.from(`jenkins:${JENKINS_PASSWORD}`).toString('base64')}` };
      for (const [phase, status] of [['QUEUED'], ['STARTED'], ['COMPLETED', 'SUCCESS'], ['FINALIZED', 'SUCCESS']]) {
        const res = await post('/v1/webhooks/jenkins', JSON.stringify(jenkins(runUrl, number, phase, status)), auth);
        expect(res.status).toBe(202);
      }
      const resent = await post('/v1/webhooks/jenkins', JSON.stringify(jenkins(runUrl, number, 'FINALIZED', 'SUCCESS')), auth);
      expect(resent.status).toBe(200);
      expect(((await resent.json()) as { duplicate: boolean }).duplicate).toBe(true);

      let view: { status: string; outcome?: string; traceId: string; stages: { stage: string; events: { traceId: string }[] }[] } | undefined;
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${gateway.url}/v1/pipelines/${encodeURIComponent(runUrl)}`);
        if (res.ok) {
          view = (await res.json()) as typeof view;
          if (view!.stages.reduce((n, s) => n + s.events.length, 0) === 4) break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(view!.stages.map((s) => s.stage)).toEqual(['pipelinerun.queued', 'pipelinerun.started', 'taskrun.finished', 'pipelinerun.finished']);
      expect(view!.status).toBe('finished');
      expect(view!.outcome).toBe('success');
      expect(view!.traceId).toBe(traceIdForRun(runUrl));
      expect(new Set(view!.stages.flatMap((s) => s.events.map((e) => e.traceId)))).toEqual(new Set([traceIdForRun(runUrl)]));

      // Every span of the run (the gateway's ingest stages, the bus consumers') is in the run's trace.
      const runSpans = spans.getFinishedSpans().filter((s) => s.attributes['cicd.pipeline.run.id'] === runUrl);
      expect(runSpans.map((s) => s.name)).toEqual(expect.arrayContaining(['ingest dev.cdevents.pipelinerun.finished.0.3.0']));
      expect(new Set(runSpans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceIdForRun(runUrl)]));
    });

    it('answers 404 for a run it has never seen', async () => {
      const res = await fetch(`${gateway.url}/v1/pipelines/${encodeURIComponent('https://ci.example.internal/job/none/1/')}`);
      expect(res.status).toBe(404);
    });
  });

  describe('health and secrets', () => {
    it('reports NATS and Postgres in /readyz', async () => {
      const health = await fetch(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', nats: 'up', postgres: 'up' });
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', nats: 'up', postgres: 'up' });
    });

    it('never stores a credential in the database or on the bus', async () => {
      const rows = JSON.stringify(await db.dataSource.query("SELECT * FROM accepted_event, LATERAL (SELECT payload, headers FROM outbox_message) o"));
      const bus = (await readStreamPayloads(natsUrl, pipelineStream)).join('\n') + (await readStreamPayloads(natsUrl, artifactStream).catch(() => [])).join('\n');
      for (const secret of [HMAC_SECRET, JENKINS_PASSWORD]) {
        expect(rows).not.toContain(secret);
        expect(bus).not.toContain(secret);
      }
      expect(rows.length).toBeGreaterThan(100);
    });
  });
});
