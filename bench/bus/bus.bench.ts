// Bus benchmark: Tollgate messaging (outbox → relay → JetStream → consumer runner
// with inbox + effect + ack) against raw JetStream (pipelined publish → pull
// consumer with explicit ack), same stream settings and batch size, same run;
// end to end, one event's hop, and the consumer side alone (consume-only.ts).
//   npm run bench:bus      (BENCH_N=20000, BENCH_TRICKLE=200, BENCH_ROUNDS=3, BENCH_CONCURRENCY=4)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JsMsg } from '@nats-io/jetstream';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner, MESSAGING_MIGRATIONS, OUTBOX_ENTITIES, Outbox, OutboxRelay } from '@tollgate/messaging';
import { createDataSource, dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';
import {
  BATCH,
  CONCURRENCY,
  CONSUMER,
  CreateBenchEffect1763769800000,
  DB_URL,
  N,
  NATS_URL,
  PUBLISH_CHUNK,
  ROUNDS,
  TRICKLE,
  cleanup,
  deferred,
  event,
  namespace,
  percentile,
  quiet,
  writeBenchEffects,
} from './bench-common';
import { consumeOnlyOurs, consumeOnlyRaw } from './consume-only';

interface Result {
  throughput: number;
  latencies: number[];
}

async function benchRaw(events: TollgateEvent[], trickle: TollgateEvent[]): Promise<Result> {
  const connection = await namespace('raw');
  try {
    const stream = await connection.ensureConsumer(CONSUMER);
    const consumer = await connection.js.consumers.get(stream, CONSUMER.durable);
    let received = 0;
    let target = events.length;
    let done = deferred();
    let onMessage: ((m: JsMsg) => void) | undefined;
    const messages = await consumer.consume({
      max_messages: BATCH,
      callback: (m) => {
        onMessage?.(m);
        m.ack();
        if (++received === target) done.resolve();
      },
    });
    const subject = connection.subject(subjectOf(events[0]));
    // Latency first, on idle servers: one event at a time, publish → handler.
    const latencies: number[] = [];
    for (const e of trickle) {
      received = 0;
      target = 1;
      done = deferred();
      const t0 = performance.now();
      onMessage = () => latencies.push(performance.now() - t0);
      await connection.js.publish(subject, encodeEvent(e), { msgID: e.id });
      await done.promise;
    }
    onMessage = undefined;
    received = 0;
    target = events.length;
    done = deferred();
    const start = performance.now();
    for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
      await Promise.all(events.slice(i, i + PUBLISH_CHUNK).map((e) => connection.js.publish(subject, encodeEvent(e), { msgID: e.id })));
    }
    await done.promise;
    const throughput = events.length / ((performance.now() - start) / 1000);
    await messages.close();
    return { throughput, latencies };
  } finally {
    await cleanup(connection);
  }
}

async function benchOurs(dataSource: DataSource, events: TollgateEvent[], trickle: TollgateEvent[]): Promise<Result> {
  const connection = await namespace('ours');
  const outbox = new Outbox();
  const relay = new OutboxRelay(dataSource, connection, { logger: quiet });
  // Commit times, taken when COMMIT returns: producer's outbox write and handler's effect.
  const produced = new Map<string, number>();
  const handled = new Map<string, number>();
  let target = 0;
  let done = deferred();
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      const now = performance.now();
      const data = queryRunner.data as { produced?: string[]; handled?: string[] };
      for (const id of data.produced?.splice(0) ?? []) produced.set(id, now);
      for (const id of data.handled?.splice(0) ?? []) handled.set(id, now);
      if (handled.size >= target) done.resolve();
    },
  };
  dataSource.subscribers.push(subscriber);
  const runner = new JetStreamConsumerRunner({
    connection,
    dataSource,
    definition: CONSUMER,
    logger: quiet,
    batchHandler: async (batch, ctx) => {
      await writeBenchEffects(ctx.manager, batch);
      const data = ctx.manager.queryRunner!.data as { handled?: string[] };
      (data.handled ??= []).push(...batch.map((e) => e.id));
    },
  });
  try {
    relay.start();
    await runner.start();
    // Latency first, on an idle database: one event at a time, outbox commit → handler commit.
    const latencies: number[] = [];
    for (const e of trickle) {
      target = handled.size + 1;
      done = deferred();
      await dataSource.transaction(async (manager) => {
        await outbox.add(manager, e);
        ((manager.queryRunner!.data as { produced?: string[] }).produced ??= []).push(e.id);
      });
      await done.promise;
      latencies.push(handled.get(e.id)! - produced.get(e.id)!);
    }
    target = trickle.length + events.length;
    done = deferred();
    const start = performance.now();
    // Written in the same chunks the raw side publishes in (500), one transaction each.
    for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
      await dataSource.transaction((manager) => outbox.addMany(manager, events.slice(i, i + PUBLISH_CHUNK)));
    }
    await done.promise;
    const throughput = events.length / ((performance.now() - start) / 1000);
    // Exactly once: one effect row per event, none missing, none doubled.
    const [{ n, rows }] = (await dataSource.query(`SELECT count(DISTINCT event_id)::int AS n, count(*)::int AS rows FROM bench_effect`)) as { n: number; rows: number }[];
    const expected = events.length + trickle.length;
    if (n !== expected || rows !== expected) throw new Error(`expected ${expected} effects once each, found ${n} events in ${rows} rows`);
    return { throughput, latencies };
  } finally {
    dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    await runner.stop();
    await relay.stop();
    await cleanup(connection);
  }
}

/** The median round by throughput, and every round's latencies pooled. */
function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.throughput - b.throughput);
  return { throughput: sorted[Math.floor(sorted.length / 2)].throughput, latencies: results.flatMap((x) => x.latencies) };
}

function summary(r: Result): { p50: number; p99: number } {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const dataSource = createDataSource({ url: DB_URL, schema, entities: OUTBOX_ENTITIES, migrations: [...MESSAGING_MIGRATIONS, CreateBenchEffect1763769800000] });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const make = (n: number): TollgateEvent[] => Array.from({ length: n }, event);
    const size = encodeEvent(make(1)[0]).length;
    console.log(`bus bench: N=${N} events of ${size} B, trickle=${TRICKLE}, batch=${BATCH}, consumer concurrency (ours)=${CONCURRENCY}, nats=${NATS_URL}`);
    const raws: Result[] = [];
    const ourss: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      raws.push(await benchRaw(make(N), make(TRICKLE)));
      ourss.push(await benchOurs(dataSource, make(N), make(TRICKLE)));
      await dataSource.query('TRUNCATE bench_effect, inbox_record, outbox_message');
      const [r, o] = [raws[round - 1], ourss[round - 1]];
      console.log(`round ${round}: raw ${Math.round(r.throughput)} msg/s, ours ${Math.round(o.throughput)} msg/s (${(o.throughput / r.throughput).toFixed(2)}x)`);
    }
    // Consumer side alone, on a stream filled beforehand.
    const rawConsume: number[] = [];
    const oursConsume: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      rawConsume.push(await consumeOnlyRaw(make(N)));
      oursConsume.push(await consumeOnlyOurs(dataSource, make(N)));
      await dataSource.query('TRUNCATE bench_effect, inbox_record, outbox_message');
      console.log(`consume-only round ${round}: raw ${Math.round(rawConsume[round - 1])} msg/s, ours ${Math.round(oursConsume[round - 1])} msg/s`);
    }
    const raw = median(raws);
    const ours = median(ourss);
    const r = summary(raw);
    const o = summary(ours);
    const f = (x: number): string => x.toFixed(2);
    console.log(`medians of ${ROUNDS} rounds:`);
    console.log(`raw JetStream   : ${Math.round(raw.throughput)} msg/s   hop p50 ${f(r.p50)} ms  p99 ${f(r.p99)} ms (publish → handler)`);
    console.log(`tollgate bus    : ${Math.round(ours.throughput)} msg/s   hop p50 ${f(o.p50)} ms  p99 ${f(o.p99)} ms (outbox commit → handler commit)`);
    console.log(`throughput ratio: ${(ours.throughput / raw.throughput).toFixed(2)}x (goal >= 0.5x)`);
    console.log(`added hop p50   : ${f(o.p50 - r.p50)} ms (goal < 2 ms)`);
    const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [rc, oc] = [mid(rawConsume), mid(oursConsume)];
    console.log(`consume only    : raw ${Math.round(rc)} msg/s, ours ${Math.round(oc)} msg/s, ratio ${(oc / rc).toFixed(2)}x (pull-consumer throughput)`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropSchema(DB_URL, schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
