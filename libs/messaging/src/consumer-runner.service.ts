import { metrics } from '@opentelemetry/api';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { DataSource, EntityManager } from 'typeorm';
import { DEAD_LETTER_STREAM, decodeEvent, deadLetterSubject, type TollgateEvent } from '@tollgate/events';
import { publishDeadLetter } from './dead-letter';
import { inClaimedTransaction } from './inbox.repository';
import type { JetStreamConnection } from './jetstream-connection.service';
import { errorMessage, stderrLogger } from './messaging.logger';
import type { BatchEventHandler, ConsumerDefinition, EventHandler, MessagingLogger } from './messaging.types';
import { Outbox } from './outbox.service';
import { invokeBatchHandler, invokeHandler, type Invocation, type Item } from './handler-invocation';

export interface ConsumerRunnerOptions<E> {
  connection: JetStreamConnection;
  dataSource: DataSource;
  definition: ConsumerDefinition;
  /** One event at a time (its effects still commit with the rest of the batch). */
  handler?: EventHandler<E>;
  /**
   * The whole claimed batch at once, for handlers that write their effects in
   * one multi-row statement (a read model, an index). Exactly one of the two.
   */
  batchHandler?: BatchEventHandler<E>;
  /** Bytes to event; throws on anything invalid (default: decodeEvent). */
  decode?: (data: Uint8Array) => E;
  outbox?: Outbox;
  logger?: MessagingLogger;
  /**
   * True for a handler error that no retry can fix (a malformed input, a
   * refused request): the message is dead-lettered at once instead of being
   * retried until maxDeliver. Default: every error is retried.
   */
  isPermanent?: (error: unknown) => boolean;
}

/** Thrown instead of calling the handler once a message is past its last allowed attempt. */
class DeliveriesExhaustedError extends Error {
  constructor(count: number, max: number) {
    super(`delivery ${count} exceeds maxDeliver ${max}: earlier attempts did not finish (crash or ack timeout)`);
  }
}

const meter = metrics.getMeter('@tollgate/messaging');
const handledCounter = meter.createCounter('tollgate.messaging.consumer.handled', { description: 'Events whose effects committed' });
const retriedCounter = meter.createCounter('tollgate.messaging.consumer.retried', { description: 'Handler failures nak-ed for a retry' });
const deadCounter = meter.createCounter('tollgate.messaging.consumer.dead_lettered', { description: 'Messages moved to the dead-letter subject' });

/**
 * Runs one durable pull consumer: takes whatever has arrived (up to batchSize),
 * claims the inbox rows and runs the handlers in ONE transaction, and acks only
 * after it commits. If any handler in the batch fails, the batch is rolled back
 * and each message is retried in its own transaction, so one bad message never
 * blocks or duplicates the others. Failures nak with a growing delay; the last
 * allowed attempt, and anything undecodable, goes to the dead-letter subject.
 */
export class JetStreamConsumerRunner<E extends { id: string; traceparent?: string } = TollgateEvent> {
  private readonly def: Required<Pick<ConsumerDefinition, 'batchSize' | 'ackWaitMs' | 'concurrency'>> & ConsumerDefinition;
  private readonly decode: (data: Uint8Array) => E;
  private readonly outbox: Outbox;
  private readonly logger: MessagingLogger;
  private messages?: ConsumerMessages;
  private queue: JsMsg[] = [];
  private readonly inFlight = new Set<JsMsg[]>();
  private wake?: () => void;
  private loop?: Promise<void>;
  private keepAlive?: NodeJS.Timeout;
  private stopping = false;
  private readonly dlqSubject: string;

  constructor(private readonly options: ConsumerRunnerOptions<E>) {
    this.def = { batchSize: 100, ackWaitMs: 30_000, concurrency: 1, ...options.definition };
    // Fail at construction, not at the first dead letter, if the durable cannot name a subject.
    this.dlqSubject = deadLetterSubject(this.def.durable);
    if (this.def.maxDeliver < 1) throw new RangeError(`consumer ${this.def.durable}: maxDeliver must be at least 1`);
    if (!options.handler === !options.batchHandler) {
      throw new TypeError(`consumer ${this.def.durable}: give exactly one of handler or batchHandler`);
    }
    this.decode = options.decode ?? ((data) => decodeEvent(data) as unknown as E);
    this.outbox = options.outbox ?? new Outbox();
    this.logger = options.logger ?? stderrLogger;
  }

  get durable(): string {
    return this.def.durable;
  }

  /** Ensures the dead-letter stream and the consumer, then starts pulling. */
  async start(): Promise<void> {
    const { connection } = this.options;
    await connection.ensureStreams([DEAD_LETTER_STREAM]);
    const stream = await connection.ensureConsumer(this.def);
    const consumer = await connection.js.consumers.get(stream, this.def.durable);
    this.messages = await consumer.consume({
      // Enough buffered for every concurrent batch to be full.
      max_messages: this.def.batchSize * this.def.concurrency,
      callback: (msg) => this.enqueue(msg),
    });
    // Keep server-side ack timers from firing while a batch is queued or in progress.
    this.keepAlive = setInterval(() => {
      for (const batch of this.inFlight) for (const m of batch) m.working();
      for (const m of this.queue) m.working();
    }, Math.max(this.def.ackWaitMs / 3, 100));
    this.loop = this.run();
  }

  /** Stops pulling, finishes the batch in flight, returns the unstarted ones, flushes acks. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.messages?.close();
    this.wake?.();
    await this.loop;
    clearInterval(this.keepAlive);
    for (const m of this.queue.splice(0)) m.nak();
    const nc = this.options.connection.nc;
    if (!nc.isClosed()) await nc.flush().catch(() => undefined);
  }

  private enqueue(msg: JsMsg): void {
    if (this.stopping) return msg.nak();
    // The loop waits for an empty queue to fill or for a running batch to finish (which
    // wakes it itself), so only the first message into an empty queue needs to wake it.
    if (this.queue.push(msg) === 1) this.wake?.();
  }

  /** Takes whatever has arrived as the next batch; up to `concurrency` batches run at once. */
  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.stopping) {
      if (this.queue.length === 0 || running.size >= this.def.concurrency) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const batch = this.queue.splice(0, this.def.batchSize);
      const work = this.settleBatch(batch).finally(() => {
        running.delete(work);
        this.wake?.();
      });
      running.add(work);
    }
    await Promise.all(running);
  }

  private async settleBatch(batch: JsMsg[]): Promise<void> {
    this.inFlight.add(batch);
    try {
      await this.processBatch(batch);
    } catch (error) {
      // processBatch settles every message itself; this is a last line of defence.
      this.logger.error({ consumer: this.def.durable, err: errorMessage(error) }, 'consumer batch crashed');
      for (const m of batch) m.nak(this.delayFor(m.info.deliveryCount));
    } finally {
      this.inFlight.delete(batch);
    }
  }

  private async processBatch(msgs: JsMsg[]): Promise<void> {
    const fresh: Item<E>[] = [];
    const exhausted: Item<E>[] = [];
    for (const msg of msgs) {
      let event: E;
      try {
        event = this.decode(msg.data);
      } catch (error) {
        // Retrying cannot fix bytes that do not decode: dead-letter at once.
        await this.deadLetter(msg, `invalid event: ${errorMessage(error)}`);
        continue;
      }
      (msg.info.deliveryCount <= this.def.maxDeliver ? fresh : exhausted).push({ msg, event });
    }
    if (fresh.length > 1 && (await this.tryTogether(fresh))) fresh.length = 0;
    for (const item of fresh) await this.processOne(item);
    for (const item of exhausted) await this.processOne(item);
  }

  /** All items in one transaction; false (and nothing committed) if any handler failed. */
  private async tryTogether(items: Item<E>[]): Promise<boolean> {
    try {
      await inClaimedTransaction(this.options.dataSource, this.def.durable, items.map((i) => i.event.id), async (manager, claimed) => {
        // claimed.delete: a second copy of an id in the same batch is a duplicate.
        const fresh = items.filter((item) => claimed.delete(item.event.id));
        if (this.options.batchHandler) await this.invokeBatch(fresh, manager);
        else for (const item of fresh) await this.invoke(item, manager);
      });
    } catch {
      return false;
    }
    for (const item of items) item.msg.ack();
    handledCounter.add(items.length, { consumer: this.def.durable });
    return true;
  }

  private async processOne(item: Item<E>): Promise<void> {
    try {
      await inClaimedTransaction(this.options.dataSource, this.def.durable, [item.event.id], async (manager, claimed) => {
        if (!claimed.has(item.event.id)) return; // handled before: ack, no second effect
        const count = item.msg.info.deliveryCount;
        if (count > this.def.maxDeliver) throw new DeliveriesExhaustedError(count, this.def.maxDeliver);
        if (this.options.batchHandler) await this.invokeBatch([item], manager);
        else await this.invoke(item, manager);
      });
    } catch (error) {
      await this.fail(item.msg, error);
      return;
    }
    item.msg.ack();
    handledCounter.add(1, { consumer: this.def.durable });
  }

  private invokeBatch(items: Item<E>[], manager: EntityManager): Promise<void> {
    return invokeBatchHandler(this.options.batchHandler!, items, { manager, outbox: this.outbox }, this.invocation());
  }

  private invoke(item: Item<E>, manager: EntityManager): Promise<void> {
    return invokeHandler(this.options.handler!, item, { manager, outbox: this.outbox }, this.invocation());
  }

  private invocation(): Invocation {
    return { durable: this.def.durable, logicalSubject: (s) => this.options.connection.logicalSubject(s) };
  }

  private async fail(msg: JsMsg, error: unknown): Promise<void> {
    const count = msg.info.deliveryCount;
    if (this.options.isPermanent?.(error) === true) {
      await this.deadLetter(msg, `permanent: ${errorMessage(error)}`);
      return;
    }
    if (count >= this.def.maxDeliver) {
      await this.deadLetter(msg, errorMessage(error));
      return;
    }
    const delay = this.delayFor(count);
    this.logger.warn(
      { consumer: this.def.durable, subject: msg.subject, seq: msg.seq, attempt: count, retryInMs: delay, err: errorMessage(error) },
      'handler failed; will retry',
    );
    retriedCounter.add(1, { consumer: this.def.durable });
    msg.nak(delay);
  }

  private async deadLetter(msg: JsMsg, reason: string): Promise<void> {
    try {
      await publishDeadLetter(this.options.connection, {
        consumer: this.def.durable,
        dlqSubject: this.dlqSubject,
        msg,
        error: reason,
      });
    } catch (error) {
      // The copy is not stored yet: keep the original and try again later.
      this.logger.error({ consumer: this.def.durable, seq: msg.seq, err: errorMessage(error) }, 'dead-letter publish failed');
      msg.nak(this.delayFor(msg.info.deliveryCount));
      return;
    }
    msg.term();
    deadCounter.add(1, { consumer: this.def.durable });
    this.logger.error(
      { consumer: this.def.durable, subject: msg.subject, seq: msg.seq, attempts: msg.info.deliveryCount },
      'message dead-lettered',
    );
  }

  private delayFor(attempt: number): number {
    const { backoffMs } = this.def;
    if (backoffMs.length === 0) return 1000;
    return backoffMs[Math.min(Math.max(attempt, 1), backoffMs.length) - 1];
  }
}
