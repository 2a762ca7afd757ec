/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
// Shared set-up of the broker's end-to-end tests: real Postgres (broker schema,
// plus a schema of "application" tables whose access builds lease), real NATS
// (private subject/stream prefix), a real JWKS issuer, the broker in-process.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, loadKeyEncryptionKey, StaticSecretStore } from '@tollgate/credentials';
import { buildEvent, encodeEvent, subjectOf } from '@tollgate/events';
import { JetStreamConnection } from '@tollgate/messaging';
import { initTelemetry, type Telemetry } from '@tollgate/telemetry';
import {
  createTestDataSource,
  deleteStreamsWithPrefix,
  readStreamPayloads,
  sharedNatsUrl,
  startTcpProxy,
  startTestIssuer,
  uniqueName,
  type TcpProxy,
  type TestDataSource,
  type TestIssuer,
} from '@tollgate/testing';
import { startCredentialBroker, type RunningBroker } from '../bootstrap';
import { loadBrokerConfig } from '../broker.config';

export const AUDIENCE = 'tollgate-broker';

export interface BrokerHarness {
  broker: RunningBroker;
  db: TestDataSource;
  issuer: TestIssuer;
  /** Schema holding the tables leased roles may (devices) or may not (patients) read. */
  appSchema: string;
  /** The embedded backend's admin connection goes through this: cut it to take the backend down. */
  backendLink: TcpProxy;
  spans: InMemorySpanExporter;
  logLines: string[];
  publishRunEvent(kind: 'started' | 'finished', runId: string): Promise<void>;
  exchange(token: string, body: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** Every event the broker published, parsed. */
  events(domain: 'CREDENTIALS' | 'SECURITY'): Promise<any[]>;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  databaseUrlFor(username: string, password: string): string;
  /** What an operator does with `npm run broker-secret -- put`: a static secret under the broker's KEK. */
  putStaticSecret(path: string, data: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export function jenkinsClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { aud: AUDIENCE, sub: 'job/pumps/firmware', job_name: 'pumps/firmware', ref: 'refs/heads/main', repository: 'pumps/firmware', ...overrides };
}

export async function startBrokerHarness(options: { tls?: { cert: string; key: string } } = {}): Promise<BrokerHarness> {
  const spans = new InMemorySpanExporter();
  const telemetry: Telemetry = initTelemetry({ serviceName: 'credential-broker-e2e', spanExporter: spans, exportImmediately: true });
  const db = await createTestDataSource({ entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
  const appSchema = uniqueName('app');
  await db.dataSource.query(`CREATE SCHEMA ${appSchema}`);
  await db.dataSource.query(`CREATE TABLE ${appSchema}.devices (id int PRIMARY KEY, model text)`);
  await db.dataSource.query(`CREATE TABLE ${appSchema}.patients (id int PRIMARY KEY, name text)`);
  await db.dataSource.query(`INSERT INTO ${appSchema}.devices VALUES (1, 'pump-a'), (2, 'pump-b')`);
  const issuer = await startTestIssuer(AUDIENCE);
  const dbUrl = new URL(db.url);
  const backendLink = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  const adminUrl = new URL(db.url);
  adminUrl.host = `${backendLink.host}:${backendLink.port}`;
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-broker-'));
  const kek = randomBytes(32).toString('base64');
  const roles = {
    issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
    roles: [
      {
        name: 'pumps-ci',
        issuer: issuer.issuer,
        bound_audiences: [AUDIENCE],
        bound_claims: { job_name: 'pumps/*', ref: ['refs/heads/main', 'refs/heads/release/*'] },
        bound_claims_type: 'glob',
        token_ttl: 600,
        token_max_ttl: 900,
        secrets: [{ name: 'inventory-db', engine: 'database', backendRole: 'inventory-read', env: { username: 'PGUSER', password: 'PGPASSWORD' } }],
      },
      {
        name: 'source-reader',
        issuer: issuer.issuer,
        bound_audiences: [AUDIENCE],
        bound_claims: { sub: 'system:serviceaccount:tollgate:scanner-runner' },
        secrets: [
          { name: 'git-pumps', engine: 'kv', backendRole: 'git/pumps-firmware' },
          { name: 'git-cloud', engine: 'kv', backendRole: 'git/infusion-cloud' },
          { name: 'git-unset', engine: 'kv', backendRole: 'git/never-stored' },
        ],
      },
      {
        name: 'promoter',
        issuer: issuer.issuer,
        bound_audiences: [AUDIENCE],
        bound_claims: { sub: 'system:serviceaccount:tollgate:registry-promoter' },
        secrets: [{ name: 'registry-db', engine: 'database', backendRole: 'inventory-read' }],
        wrap: true,
        wrap_ttl: 60,
      },
    ],
    database_roles: { 'inventory-read': { grants: [{ privileges: ['USAGE'], schemas: [appSchema] }, { privileges: ['SELECT'], tables: [`${appSchema}.devices`] }] } },
  };
  writeFileSync(join(dir, 'roles.yaml'), JSON.stringify(roles));
  if (options.tls) {
    writeFileSync(join(dir, 'tls.crt'), options.tls.cert);
    writeFileSync(join(dir, 'tls.key'), options.tls.key, { mode: 0o600 });
  }
  const streamPrefix = `${uniqueName('cb').toUpperCase()}_`;
  const subjectPrefix = `${streamPrefix.toLowerCase()}.`;
  const natsUrl = sharedNatsUrl();
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const broker = await startCredentialBroker(
    loadBrokerConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      NATS_URL: natsUrl,
      DATABASE_URL: db.url,
      DATABASE_SCHEMA: db.schema,
      BROKER_ROLES_FILE: join(dir, 'roles.yaml'),
      EMBEDDED_DATABASE_ADMIN_URL: adminUrl.toString(),
      BROKER_KEK: kek,
      BROKER_REVOKE_INTERVAL_MS: '300',
      ...(options.tls && { TLS_CERT_FILE: join(dir, 'tls.crt'), TLS_KEY_FILE: join(dir, 'tls.key') }),
      LOG_LEVEL: 'debug',
      TOLLGATE_SUBJECT_PREFIX: subjectPrefix,
      TOLLGATE_STREAM_PREFIX: streamPrefix,
    }),
    { telemetry, logDestination: logSink },
  );
  const publisher = await JetStreamConnection.connect({ servers: natsUrl, name: 'broker-e2e', subjectPrefix, streamPrefix });
  return {
    broker,
    db,
    issuer,
    appSchema,
    backendLink,
    spans,
    logLines,
    async publishRunEvent(kind, runId) {
      const event = buildEvent(kind === 'started' ? 'pipelinerun.started' : 'pipelinerun.finished', {
        source: '/ci/jenkins',
        subjectId: runId,
        pipelineRunId: runId,
        content: kind === 'started' ? { pipelineName: 'pumps/firmware', uri: runId } : { pipelineName: 'pumps/firmware', uri: runId, outcome: 'success' },
      } as never);
      await publisher.js.publish(publisher.subject(subjectOf(event)), encodeEvent(event), { msgID: event.id });
    },
    async exchange(token, body) {
      const res = await fetch(`${broker.url}/v1/credentials/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    async events(domain) {
      const payloads = await readStreamPayloads(natsUrl, `${streamPrefix}TOLLGATE_${domain}`).catch(() => []);
      return payloads.map((p) => JSON.parse(p));
    },
    query: (sql, params = []) => db.dataSource.query(sql, params),
    databaseUrlFor(username, password) {
      const url = new URL(db.url);
      url.username = username;
      url.password = password;
      return url.toString();
    },
    putStaticSecret: (path, data) => new StaticSecretStore(db.dataSource, loadKeyEncryptionKey({ env: kek })).put(path, data),
    async close() {
      await broker.close();
      await publisher.drain();
      await backendLink.close();
      await issuer.close();
      // Leased roles hold grants on the app schema: revoke-all already dropped them; the test's own leftovers go too.
      await db.dataSource.query(`DROP SCHEMA ${appSchema} CASCADE`);
      await db.destroy();
      await deleteStreamsWithPrefix(natsUrl, streamPrefix);
      rmSync(dir, { recursive: true, force: true });
      await telemetry.shutdown();
    },
  };
}

/** Logs in as a leased role: resolves to the rows, or rejects with Postgres' error. */
export async function queryAs(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
