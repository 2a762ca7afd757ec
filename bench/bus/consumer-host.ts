// The consumer side of the end-to-end bench, raw or ours, run either in the
// bench's process or in a child process of its own (consumer-process.ts).
import { performance } from 'node:perf_hooks';
import type { ConsumerMessages } from '@nats-io/jetstream';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { JetStreamConsumerRunner, type JetStreamConnection } from '@tollgate/messaging';
import { CONSUMER, PULL, joinNamespace, quiet, writeBenchEffects } from './bench-common';

/** Wall-clock milliseconds, comparable between processes on this machine. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export type ConsumerKind = 'raw' | 'ours';

export class ConsumerHost {
  private connection?: JetStreamConnection;
  private messages?: ConsumerMessages;
  private runner?: JetStreamConsumerRunner;
  private subscriber?: EntitySubscriberInterface;
  private count = 0;
  private target = Infinity;
  private onDone?: (at: number) => void;

  /** `dataSource` is needed for ours only. */
  constructor(private readonly dataSource?: DataSource) {}

  async start(kind: ConsumerKind, ns: string): Promise<void> {
    const connection = (this.connection = await joinNamespace(ns));
    if (kind === 'raw') {
      const stream = await connection.ensureConsumer(CONSUMER);
      const consumer = await connection.js.consumers.get(stream, CONSUMER.durable);
      this.messages = await consumer.consume({
        max_messages: PULL,
        callback: (m) => {
          m.ack();
          this.handled(1);
        },
      });
      return;
    }
    const dataSource = this.dataSource!;
    // Counted when the transaction holding the effects commits.
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        const n = (queryRunner.data as { count?: number }).count ?? 0;
        (queryRunner.data as { count?: number }).count = 0;
        if (n > 0) this.handled(n);
      },
    };
    this.subscriber = subscriber;
    dataSource.subscribers.push(subscriber);
    this.runner = new JetStreamConsumerRunner({
      connection,
      dataSource,
      definition: CONSUMER,
      logger: quiet,
      batchHandler: async (batch, ctx) => {
        await writeBenchEffects(ctx.manager, batch);
        const data = ctx.manager.queryRunner!.data as { count?: number };
        data.count = (data.count ?? 0) + batch.length;
      },
    });
    await this.runner.start();
  }

  /** Calls `onDone` with the time the `count`-th event from now was handled (ours: its effects committed). */
  expect(count: number, onDone: (at: number) => void): void {
    this.count = 0;
    this.target = count;
    this.onDone = onDone;
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.runner?.stop();
    if (this.subscriber) this.dataSource!.subscribers.splice(this.dataSource!.subscribers.indexOf(this.subscriber), 1);
    await this.connection?.drain();
  }

  private handled(n: number): void {
    this.count += n;
    if (this.count < this.target) return;
    const done = this.onDone;
    this.onDone = undefined;
    this.target = Infinity;
    done?.(now());
  }
}
