import type { EntityManager } from 'typeorm';
import type { TollgateEvent } from '@tollgate/events';
import type { Outbox } from './outbox.service';

/** A stream as declared in code; created or updated at start-up. */
export interface StreamDefinition {
  name: string;
  subjects: string[];
  maxAgeDays: number;
  description?: string;
}

/** A durable pull consumer as declared in code. */
export interface ConsumerDefinition {
  /** Durable name; also names the dead-letter subject `tollgate.dlq.<durable>`. */
  durable: string;
  /**
   * Filter subjects without the namespace prefix, e.g. `tollgate.pipelinerun.>`.
   * Empty reads the whole `stream`; more than one needs nats-server 2.10+.
   */
  filterSubjects: string[];
  /** Handler attempts before the message is dead-lettered. */
  maxDeliver: number;
  /** Nak delay per attempt (index = attempt - 1; the last entry repeats). */
  backoffMs: number[];
  /** Messages handled in one transaction (default 100). */
  batchSize?: number;
  /**
   * Batches handled at once, each in its own transaction and connection
   * (default 1). More than 1 gives up processing order for throughput; the
   * inbox still makes every effect happen once.
   */
  concurrency?: number;
  /** Server-side ack wait (default 30 s); in-flight messages are kept alive with `working()`. */
  ackWaitMs?: number;
  /** Unacked messages the server lets this consumer hold (default 4 × batchSize × concurrency). */
  maxAckPending?: number;
  /** Stream name without prefix; found from the first filter subject when omitted. */
  stream?: string;
}

/** What a handler gets besides the event: everything it writes goes through `manager`/`outbox`. */
export interface HandlerContext {
  /** Transaction-bound manager; the inbox row commits with whatever is written here. */
  manager: EntityManager;
  /** Writes outgoing events in the same transaction. */
  outbox: Outbox;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Subject without the namespace prefix. */
  subject: string;
  /** Stream sequence of the message. */
  streamSeq: number;
}

export type EventHandler<E = TollgateEvent> = (event: E, ctx: HandlerContext) => Promise<void>;

/** What a batch handler gets: the batch's transaction, shared by every event's inbox row and effects. */
export interface BatchHandlerContext {
  manager: EntityManager;
  outbox: Outbox;
}

export type BatchEventHandler<E = TollgateEvent> = (events: E[], ctx: BatchHandlerContext) => Promise<void>;

/** pino-compatible subset, so apps pass their logger as is. */
export interface MessagingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
