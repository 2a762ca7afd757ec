// Shared set-up of the bus benchmarks: settings, a ~1 KiB event, a private
// namespace of streams per run, and the effect table ours writes.
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { DEAD_LETTER_STREAM, EVENT_STREAMS, buildEvent, type TollgateEvent } from '@tollgate/events';
import { JetStreamConnection, MESSAGING_MIGRATIONS, OUTBOX_ENTITIES, type ConsumerDefinition } from '@tollgate/messaging';
import { createDataSource, dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';

export const N = Number(process.env.BENCH_N ?? 20_000);
export const TRICKLE = Number(process.env.BENCH_TRICKLE ?? 200);
// One transaction of up to 400 rather than four of 100 at once: the same pull window,
// 15-20% less CPU per message (mostly Postgres: a quarter of the commits).
export const BATCH = Number(process.env.BENCH_BATCH ?? 400);
export const PUBLISH_CHUNK = 500;
// Rounds alternate raw and ours, so machine noise hits both; medians are reported.
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// End to end, the consumer side runs in a child process (as deployed); 0 keeps it in the bench's process.
export const SPLIT = process.env.BENCH_SPLIT !== '0';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_bench';
export const PIPELINE = EVENT_STREAMS.find((s) => s.name === 'TOLLGATE_PIPELINE')!;
// Ours runs CONCURRENCY batches (transactions) at once; the raw consumer has no database work to overlap.
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
// The runner pulls batchSize × concurrency messages at a time; raw pulls the same, so
// neither side gets a bigger window of messages in flight than the other.
export const PULL = BATCH * CONCURRENCY;
export const CONSUMER: ConsumerDefinition = { durable: 'bench', filterSubjects: ['tollgate.pipelinerun.>'], maxDeliver: 5, backoffMs: [100], batchSize: BATCH, concurrency: CONCURRENCY };
export const quiet = { info: () => undefined, warn: (o: object, m: string) => console.warn(m, o), error: (o: object, m: string) => console.error(m, o) };

export class CreateBenchEffect1763769800000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bench_effect (id bigserial PRIMARY KEY, event_id text NOT NULL, run text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bench_effect`);
  }
}

/** A pipelinerun.started event of ~1 KiB encoded. */
export function event(): TollgateEvent {
  const run = `run-${randomBytes(6).toString('hex')}`;
  const e = buildEvent('pipelinerun.started', {
    source: '/tollgate/bench',
    subjectId: run,
    pipelineRunId: run,
    content: { pipelineName: `payments-api-${'x'.repeat(400)}`, uri: `https://jenkins.example.internal/job/payments/${run}` },
  });
  return e;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A private namespace (subject and stream prefix) with its streams; `ns` names it for joinNamespace. */
export async function namespace(tag: string): Promise<{ connection: JetStreamConnection; ns: string }> {
  const ns = `bench_${tag}_${randomBytes(4).toString('hex')}`;
  const connection = await joinNamespace(ns);
  await connection.ensureStreams([PIPELINE, DEAD_LETTER_STREAM]);
  return { connection, ns };
}

/** Another connection to a namespace made by `namespace` (e.g. from the consumer's process). */
export function joinNamespace(ns: string): Promise<JetStreamConnection> {
  return JetStreamConnection.connect({ servers: NATS_URL, name: ns, subjectPrefix: `${ns}.`, streamPrefix: `${ns.toUpperCase()}_`, logger: quiet });
}

export async function cleanup(connection: JetStreamConnection): Promise<void> {
  for (const name of [PIPELINE.name, DEAD_LETTER_STREAM.name]) await connection.jsm.streams.delete(connection.streamName(name)).catch(() => false);
  await connection.drain();
}


/** Effects of a batch in one multi-row insert, as a read model or index handler writes them. */
export async function writeBenchEffects(manager: EntityManager, batch: TollgateEvent[]): Promise<void> {
  await manager.query(`INSERT INTO bench_effect (event_id, run) SELECT unnest($1::text[]), unnest($2::text[])`, [
    batch.map((e) => e.id),
    batch.map((e) => e.pipelinerunid),
  ]);
}

/** Runs `work` on a fresh schema with the messaging tables and the bench's effect table, dropped afterwards. */
export async function withBenchSchema(work: (dataSource: DataSource, schema: string) => Promise<void>): Promise<void> {
  await ensureDatabase(DB_URL);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const dataSource = createDataSource({ url: DB_URL, schema, entities: OUTBOX_ENTITIES, migrations: [...MESSAGING_MIGRATIONS, CreateBenchEffect1763769800000] });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    await work(dataSource, schema);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropSchema(DB_URL, schema);
  }
}
