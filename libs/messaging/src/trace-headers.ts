import { ROOT_CONTEXT, context, propagation, type Context, type TextMapGetter } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/nats-core';

/** The active trace context (W3C traceparent/tracestate with the usual propagator) as plain headers. */
export function captureTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => carrier?.keys() ?? [],
  get: (carrier, key) => {
    if (!carrier?.has(key)) return undefined;
    return carrier.get(key);
  },
};

/**
 * The producer's context from message headers; falls back to the event's
 * `traceparent` attribute (CloudEvents distributed-tracing extension).
 */
export function extractTraceContext(headers: MsgHdrs | undefined, traceparent?: string): Context {
  if (headers?.has('traceparent')) return propagation.extract(ROOT_CONTEXT, headers, natsHeaderGetter);
  if (traceparent) return propagation.extract(ROOT_CONTEXT, { traceparent });
  return ROOT_CONTEXT;
}
