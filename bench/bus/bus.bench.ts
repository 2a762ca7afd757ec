// Bus benchmark: Tollgate messaging (outbox → relay → JetStream → consumer runner
// with inbox + effect + ack) against raw JetStream (pipelined publish → pull
// consumer with explicit ack), same stream and consumer settings and pull window, same run;
// end to end, one event's hop, and the consumer side alone (consume-only.ts).
// End to end, the consumer side of BOTH runs in a child process of its own
// (consumer-process.ts) and the producer side (raw: publisher; ours: outbox
// writes + relay) in this one, as deployed: the ingest gateway produces, other
// services consume. BENCH_SPLIT=0 runs both sides in this process instead.
//   npm run bench:bus      (BENCH_N=20000, BENCH_TRICKLE=200, BENCH_ROUNDS=3, BENCH_BATCH=400, BENCH_CONCURRENCY=1, BENCH_SPLIT=1)
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { Outbox, OutboxRelay } from '@tollgate/messaging';
import {
  BATCH,
  CONCURRENCY,
  N,
  NATS_URL,
  PUBLISH_CHUNK,
  PULL,
  ROUNDS,
  TRICKLE,
  SPLIT,
  withBenchSchema,
  cleanup,
  event,
  namespace,
  percentile,
  quiet,
} from './bench-common';
import { ConsumerHost, now, type ConsumerKind } from './consumer-host';
import type { FromChild, ToChild } from './consumer-process';
import { consumeOnlyOurs, consumeOnlyRaw } from './consume-only';

interface Result {
  throughput: number;
  latencies: number[];
}

/** Where the consumer side runs: this process, or a child process of its own. */
interface ConsumerSide {
  start(kind: ConsumerKind, ns: string): Promise<void>;
  /** Arms a count of events; resolves once armed, `handled` to the time the last of them is handled. */
  expect(count: number): Promise<{ handled: Promise<number> }>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

function inProcess(dataSource: DataSource): ConsumerSide {
  let host: ConsumerHost | undefined;
  return {
    start: (kind, ns) => (host = new ConsumerHost(dataSource)).start(kind, ns),
    expect: (count) => Promise.resolve({ handled: new Promise<number>((resolve) => host!.expect(count, resolve)) }),
    stop: async () => {
      await host?.stop();
      host = undefined;
    },
    close: () => Promise.resolve(),
  };
}

function childProcess(schema: string): ConsumerSide {
  const child = fork(join(__dirname, 'consumer-process.ts'), [schema], { execArgv: ['-r', '@swc-node/register'] });
  const replies: ((m: FromChild) => void)[] = [];
  let onDone: ((at: number) => void) | undefined;
  child.on('message', (m: FromChild) => {
    if (m.op === 'done') onDone?.(m.at);
    else if (m.op === 'error') throw new Error(`consumer process: ${m.message}`);
    else replies.shift()?.(m);
  });
  // A dead consumer process would leave the bench waiting for ever.
  child.on('exit', (code) => {
    if (code) throw new Error(`consumer process exited with ${code}`);
  });
  const call = (m: ToChild): Promise<FromChild> =>
    new Promise((resolve) => {
      replies.push(resolve);
      child.send(m);
    });
  return {
    start: async (kind, ns) => void (await call({ op: 'start', kind, ns })),
    expect: async (count) => {
      const handled = new Promise<number>((resolve) => (onDone = resolve));
      await call({ op: 'expect', count });
      return { handled };
    },
    stop: async () => void (await call({ op: 'stop' })),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ op: 'exit' } satisfies ToChild);
      }),
  };
}

async function benchRaw(side: ConsumerSide, events: TollgateEvent[], trickle: TollgateEvent[]): Promise<Result> {
  const { connection, ns } = await namespace('raw');
  try {
    await side.start('raw', ns);
    const subject = connection.subject(subjectOf(events[0]));
    // Latency first, on idle servers: one event at a time, publish → handler.
    const latencies: number[] = [];
    for (const e of trickle) {
      const { handled } = await side.expect(1);
      const t0 = now();
      await connection.js.publish(subject, encodeEvent(e), { msgID: e.id });
      latencies.push((await handled) - t0);
    }
    const { handled } = await side.expect(events.length);
    const start = now();
    for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
      await Promise.all(events.slice(i, i + PUBLISH_CHUNK).map((e) => connection.js.publish(subject, encodeEvent(e), { msgID: e.id })));
    }
    const throughput = events.length / (((await handled) - start) / 1000);
    return { throughput, latencies };
  } finally {
    await side.stop();
    await cleanup(connection);
  }
}

async function benchOurs(dataSource: DataSource, side: ConsumerSide, events: TollgateEvent[], trickle: TollgateEvent[]): Promise<Result> {
  const { connection, ns } = await namespace('ours');
  const outbox = new Outbox();
  const relay = new OutboxRelay(dataSource, connection, { logger: quiet });
  // Commit times of the producer's outbox writes (the consumer side reports its effects' commit times).
  const produced = new Map<string, number>();
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      const at = now();
      for (const id of (queryRunner.data as { produced?: string[] }).produced?.splice(0) ?? []) produced.set(id, at);
    },
  };
  dataSource.subscribers.push(subscriber);
  try {
    relay.start();
    await side.start('ours', ns);
    // Latency first, on an idle database: one event at a time, outbox commit → handler commit.
    const latencies: number[] = [];
    for (const e of trickle) {
      const { handled } = await side.expect(1);
      await dataSource.transaction(async (manager) => {
        await outbox.add(manager, e);
        ((manager.queryRunner!.data as { produced?: string[] }).produced ??= []).push(e.id);
      });
      latencies.push((await handled) - produced.get(e.id)!);
    }
    const { handled } = await side.expect(events.length);
    const start = now();
    // Written in the same chunks the raw side publishes in (500), one transaction each.
    for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
      await dataSource.transaction((manager) => outbox.addMany(manager, events.slice(i, i + PUBLISH_CHUNK)));
    }
    const throughput = events.length / (((await handled) - start) / 1000);
    // Exactly once: one effect row per event, none missing, none doubled.
    const [{ n, rows }] = (await dataSource.query(`SELECT count(DISTINCT event_id)::int AS n, count(*)::int AS rows FROM bench_effect`)) as { n: number; rows: number }[];
    const expected = events.length + trickle.length;
    if (n !== expected || rows !== expected) throw new Error(`expected ${expected} effects once each, found ${n} events in ${rows} rows`);
    return { throughput, latencies };
  } finally {
    dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    await side.stop();
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
  await withBenchSchema(async (dataSource, schema) => {
    const make = (n: number): TollgateEvent[] => Array.from({ length: n }, event);
    const size = encodeEvent(make(1)[0]).length;
    console.log(
      `bus bench: N=${N} events of ${size} B, trickle=${TRICKLE}, batch=${BATCH}, consumer concurrency (ours)=${CONCURRENCY}, pull window (both)=${PULL}, ` +
        `end-to-end consumers ${SPLIT ? 'in a child process (split)' : 'in this process'}, nats=${NATS_URL}`,
    );
    const side = SPLIT ? childProcess(schema) : inProcess(dataSource);
    const raws: Result[] = [];
    const ourss: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      raws.push(await benchRaw(side, make(N), make(TRICKLE)));
      ourss.push(await benchOurs(dataSource, side, make(N), make(TRICKLE)));
      await dataSource.query('TRUNCATE bench_effect, inbox_record, outbox_message');
      const [r, o] = [raws[round - 1], ourss[round - 1]];
      if (round === ROUNDS) await side.close();
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
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
