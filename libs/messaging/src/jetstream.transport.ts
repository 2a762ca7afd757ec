import { EventPattern, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner } from './consumer-runner.service';
import type { JetStreamConnection } from './jetstream-connection.service';
import type { ConsumerDefinition, HandlerContext, MessagingLogger, StreamDefinition } from './messaging.types';
import type { Outbox } from './outbox.service';

export interface JetStreamTransportOptions {
  connection: JetStreamConnection;
  dataSource: DataSource;
  outbox: Outbox;
  /** Streams ensured before any consumer starts (e.g. EVENT_STREAMS). */
  streams: readonly StreamDefinition[];
  logger?: MessagingLogger;
}

/** `@EventPattern(filterSubject, extras)`: the extras a JetStream handler takes. */
export type JetStreamHandlerExtras = Omit<ConsumerDefinition, 'filterSubjects'> & { filterSubjects?: string[] };

/**
 * `@EventPattern` with the consumer settings type-checked:
 * `@JetStreamEventPattern('tollgate.pipelinerun.>', { durable: 'broker', maxDeliver: 5, backoffMs: [1000, 5000] })`.
 */
export function JetStreamEventPattern(filterSubject: string, consumer: JetStreamHandlerExtras): MethodDecorator {
  return EventPattern<string>(filterSubject, consumer);
}

/**
 * Nest custom transport: each `@EventPattern('tollgate.x.>', { durable, maxDeliver, backoffMs })`
 * becomes a durable pull consumer run by a JetStreamConsumerRunner; declare the
 * method as `(@Payload() event, @Ctx() ctx: HandlerContext)`. All semantics
 * live in the runner.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private readonly runners: JetStreamConsumerRunner[] = [];

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((r) => r.stop()));
  }

  on(): never {
    throw new Error('JetStreamTransport has no events; use JetStreamConnection.status()');
  }

  unwrap<T>(): T {
    return this.options.connection.nc as T;
  }

  private async start(): Promise<void> {
    await this.options.connection.ensureStreams(this.options.streams);
    for (const [pattern, handler] of this.detachedHandlers()) {
      if (!handler.isEventHandler) throw new Error(`JetStream handles events only; ${pattern} is a @MessagePattern`);
      const runner = new JetStreamConsumerRunner<TollgateEvent>({
        connection: this.options.connection,
        dataSource: this.options.dataSource,
        outbox: this.options.outbox,
        logger: this.options.logger,
        definition: definitionFor(pattern, handler.extras),
        handler: (event, ctx) => invokeNestHandler(handler, event, ctx),
      });
      await runner.start();
      this.runners.push(runner);
    }
  }

  /**
   * Nest chains handlers of one pattern (`next`) and calls them all together;
   * here each has its own durable consumer, so the chain is cut.
   */
  private detachedHandlers(): [string, MessageHandler][] {
    const out: [string, MessageHandler][] = [];
    for (const [pattern, head] of this.messageHandlers) {
      let handler: MessageHandler | undefined = head;
      while (handler) {
        const next: MessageHandler | undefined = handler.next;
        handler.next = undefined;
        out.push([pattern, handler]);
        handler = next;
      }
    }
    return out;
  }
}

function definitionFor(pattern: string, extras: Record<string, unknown> | undefined): ConsumerDefinition {
  const e = (extras ?? {}) as Partial<JetStreamHandlerExtras>;
  if (typeof e.durable !== 'string' || typeof e.maxDeliver !== 'number' || !Array.isArray(e.backoffMs)) {
    throw new Error(`@EventPattern('${pattern}') needs extras { durable, maxDeliver, backoffMs }`);
  }
  return { ...e, durable: e.durable, maxDeliver: e.maxDeliver, backoffMs: e.backoffMs, filterSubjects: e.filterSubjects ?? [pattern] };
}

async function invokeNestHandler(handler: MessageHandler, event: TollgateEvent, ctx: HandlerContext): Promise<void> {
  const result: unknown = await handler(event, ctx);
  // Nest wraps failures (exception filters) in an erroring observable; awaiting it rethrows.
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
