import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvent, encodeEvent } from '@tollgate/events';
import { signRequest, SIGNATURE_HEADER, SOURCE_HEADER } from '@tollgate/event-client';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '@tollgate/ingest';
import { createTestDataSource, startNatsServer, type NatsServerHandle, type TestDataSource } from '@tollgate/testing';
import { startIngestGateway, type RunningGateway } from './bootstrap';
import { loadGatewayConfig } from './gateway.config';

const SECRET = randomBytes(32).toString('base64url');

/** A NATS outage, on a private nats-server: the shared one is never stopped. */
describe('ingest-gateway during a NATS outage', () => {
  let nats: NatsServerHandle;
  let db: TestDataSource;
  let gateway: RunningGateway;
  let dir: string;

  beforeAll(async () => {
    nats = await startNatsServer();
    db = await createTestDataSource({ entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS });
    dir = mkdtempSync(join(tmpdir(), 'tollgate-outage-'));
    writeFileSync(join(dir, 'ci.hmac'), SECRET);
    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'ci', hmac: { secretFile: join(dir, 'ci.hmac') } }] }));
    gateway = await startIngestGateway(
      loadGatewayConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        NATS_URL: nats.url,
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: db.schema,
        INGEST_SOURCES_FILE: join(dir, 'sources.json'),
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await nats?.stop();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(what: string, probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('reports not ready while NATS is down, still accepts durably, and delivers once NATS is back', async () => {
    const runId = `https://ci.example.internal/job/app/${randomBytes(3).toString('hex')}/`;
    const event = buildEvent('pipelinerun.started', { source: '/ci/test', subjectId: runId, pipelineRunId: runId, content: { pipelineName: 'app', uri: runId } });
    const body = new TextDecoder().decode(encodeEvent(event));

    await nats.pause();
    await waitFor('readyz to report NATS down', async () => (await fetch(`${gateway.url}/readyz`)).status === 503);
    expect(await (await fetch(`${gateway.url}/readyz`)).json()).toEqual({ status: 'not ready', nats: 'down', postgres: 'up' });

    // The outbox makes a 202 durable: the event is in Postgres, waiting for the relay.
    const res = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/cloudevents+json', [SOURCE_HEADER]: 'ci', [SIGNATURE_HEADER]: signRequest(SECRET, body) },
    });
    expect(res.status).toBe(202);
    const [{ pending }] = await db.dataSource.query('SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL');
    expect(pending).toBe(1);

    await nats.resume();
    await waitFor('readyz to recover', async () => (await fetch(`${gateway.url}/readyz`)).status === 200);
    await waitFor('the run to appear in the pipeline view', async () => (await fetch(`${gateway.url}/v1/pipelines/${encodeURIComponent(runId)}`)).status === 200);
    const view = (await (await fetch(`${gateway.url}/v1/pipelines/${encodeURIComponent(runId)}`)).json()) as { stages: { events: { id: string }[] }[] };
    expect(view.stages.flatMap((s) => s.events.map((e) => e.id))).toEqual([event.id]);
    const [{ left }] = await db.dataSource.query('SELECT count(*)::int AS left FROM outbox_message WHERE published_at IS NULL');
    expect(left).toBe(0);
  });
});
