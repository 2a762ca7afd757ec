import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { JsMsg } from '@nats-io/jetstream';
import type { EntityManager } from 'typeorm';
import { errorMessage } from './messaging.logger';
import type { BatchEventHandler, EventHandler, HandlerContext } from './messaging.types';
import type { Outbox } from './outbox.service';
import { extractTraceContext } from './trace-headers';

export interface Item<E> {
  msg: JsMsg;
  event: E;
}

/** What span naming needs to know about the consumer. */
export interface Invocation {
  durable: string;
  logicalSubject(wireSubject: string): string;
}

type Tx = { manager: EntityManager; outbox: Outbox };

const tracer = trace.getTracer('@tollgate/messaging');

function spanAttributes(inv: Invocation, msg: JsMsg, event: { id: string }): Record<string, string> {
  return {
    'messaging.system': 'nats',
    'messaging.operation.type': 'process',
    'messaging.destination.name': inv.logicalSubject(msg.subject),
    'messaging.consumer.group.name': inv.durable,
    'messaging.message.id': event.id,
  };
}

/** Runs a per-event handler inside the producer's trace (from NATS headers or the event's traceparent). */
export function invokeHandler<E extends { id: string; traceparent?: string }>(
  handler: EventHandler<E>,
  { msg, event }: Item<E>,
  tx: Tx,
  inv: Invocation,
): Promise<void> {
  const subject = inv.logicalSubject(msg.subject);
  const ctx: HandlerContext = { ...tx, deliveryCount: msg.info.deliveryCount, subject, streamSeq: msg.seq };
  return context.with(extractTraceContext(msg.headers, event.traceparent), () =>
    tracer.startActiveSpan(`process ${subject}`, { kind: SpanKind.CONSUMER, attributes: spanAttributes(inv, msg, event) }, async (span) => {
      try {
        await handler(event, ctx);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
        throw error;
      } finally {
        span.end();
      }
    }),
  );
}

/** One span per event, each in its own run's trace, around one call for the whole batch. */
export async function invokeBatchHandler<E extends { id: string; traceparent?: string }>(
  handler: BatchEventHandler<E>,
  items: Item<E>[],
  tx: Tx,
  inv: Invocation,
): Promise<void> {
  if (items.length === 0) return;
  const spans = items.map(({ msg, event }) =>
    tracer.startSpan(
      `process ${inv.logicalSubject(msg.subject)}`,
      { kind: SpanKind.CONSUMER, attributes: spanAttributes(inv, msg, event) },
      extractTraceContext(msg.headers, event.traceparent),
    ),
  );
  try {
    await handler(
      items.map((i) => i.event),
      tx,
    );
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
