// Consumer-side throughput alone: the stream already holds N events, then the
// consumer starts. Raw JetStream pull-consume-and-ack against Tollgate's runner
// (decode and validate, inbox claim, effect insert, commit, ack), same settings.
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner } from '@tollgate/messaging';
import { CONSUMER, PUBLISH_CHUNK, PULL, cleanup, deferred, namespace, quiet, writeBenchEffects } from './bench-common';
import type { JetStreamConnection } from '@tollgate/messaging';

/** Called around the timed part (e.g. to read CPU counters); the default does nothing. */
export interface Phase {
  begin(): void;
  end(): void;
}
const untimed: Phase = { begin: () => undefined, end: () => undefined };

async function prefill(connection: JetStreamConnection, events: TollgateEvent[]): Promise<void> {
  const subject = connection.subject(subjectOf(events[0]));
  for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
    await Promise.all(events.slice(i, i + PUBLISH_CHUNK).map((e) => connection.js.publish(subject, encodeEvent(e), { msgID: e.id })));
  }
}

/** msg/s for raw JetStream to consume and ack `events` already in the stream. */
export async function consumeOnlyRaw(events: TollgateEvent[], phase: Phase = untimed): Promise<number> {
  const { connection } = await namespace('rawc');
  try {
    await prefill(connection, events);
    const done = deferred();
    let received = 0;
    // Timed from before the consumer is set up, as ours is (runner.start() does the same set-up).
    phase.begin();
    const start = performance.now();
    const stream = await connection.ensureConsumer(CONSUMER);
    const consumer = await connection.js.consumers.get(stream, CONSUMER.durable);
    const messages = await consumer.consume({
      max_messages: PULL,
      callback: (m) => {
        m.ack();
        if (++received === events.length) done.resolve();
      },
    });
    await done.promise;
    const rate = events.length / ((performance.now() - start) / 1000);
    phase.end();
    await messages.close();
    return rate;
  } finally {
    await cleanup(connection);
  }
}

/** msg/s for Tollgate's runner to handle `events` already in the stream, effects batched as in bus.bench. */
export async function consumeOnlyOurs(dataSource: DataSource, events: TollgateEvent[], phase: Phase = untimed): Promise<number> {
  const { connection } = await namespace('oursc');
  let handled = 0;
  const done = deferred();
  const runner = new JetStreamConsumerRunner({
    connection,
    dataSource,
    definition: CONSUMER,
    logger: quiet,
    batchHandler: async (batch, ctx) => {
      await writeBenchEffects(ctx.manager, batch);
      // Counted when the transaction that holds the effects commits.
      ctx.manager.queryRunner!.data.count = ((ctx.manager.queryRunner!.data.count as number | undefined) ?? 0) + batch.length;
    },
  });
  const subscriber = {
    afterTransactionCommit: ({ queryRunner }: { queryRunner: { data: Record<string, unknown> } }) => {
      handled += (queryRunner.data.count as number | undefined) ?? 0;
      queryRunner.data.count = 0;
      if (handled >= events.length) done.resolve();
    },
  };
  try {
    await prefill(connection, events);
    dataSource.subscribers.push(subscriber);
    phase.begin();
    const start = performance.now();
    await runner.start();
    await done.promise;
    const rate = events.length / ((performance.now() - start) / 1000);
    phase.end();
    return rate;
  } finally {
    dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    await runner.stop();
    await cleanup(connection);
  }
}
