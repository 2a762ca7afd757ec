import { ProxyTracerProvider, SpanKind, SpanStatusCode, context, trace, type Span, type Tracer } from '@opentelemetry/api';
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

const TRACER_NAME = '@tollgate/messaging';
// Used only while no provider is registered: its spans are no-ops that still carry the producer's context.
const untraced = trace.getTracer(TRACER_NAME);

/**
 * The registered provider's tracer, looked up per batch or event (a provider may
 * be registered later, or replaced after trace.disable()); undefined while none is.
 */
function registeredTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider ? provider.getDelegateTracer(TRACER_NAME) : provider.getTracer(TRACER_NAME);
}

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
  const tracer = registeredTracer() ?? untraced;
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
  // The spans are not made active (each event has its own trace): without a provider
  // they would be no-ops nobody sees, so the batch skips building them (and reading headers).
  const tracer = registeredTracer();
  const spans: Span[] = tracer
    ? items.map(({ msg, event }) =>
        tracer.startSpan(
          `process ${inv.logicalSubject(msg.subject)}`,
          { kind: SpanKind.CONSUMER, attributes: spanAttributes(inv, msg, event) },
          extractTraceContext(msg.headers, event.traceparent),
        ),
      )
    : [];
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
