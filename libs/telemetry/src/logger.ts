import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Field names whose values are never logged, wherever they appear. One list,
 * so adding a secret-bearing field is a one-line change.
 */
export const SENSITIVE_FIELDS = [
  'password',
  'passwordHash',
  'secret',
  'token',
  'accessToken',
  'clientSecret',
  'authorization',
  'cookie',
  'hmacSecret',
  'privateKey',
  'wrappingToken',
  'x-tollgate-signature',
] as const;

const REDACT_PATHS = SENSITIVE_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`;
  const dotted = key.startsWith('[') ? key : `.${key}`;
  return [key.startsWith('[') ? `*${key}` : key, `*${dotted}`, `*.*${dotted}`, `req.headers${dotted}`];
});

export function createLogger(name: string, level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // The trace id on every line lets an operator jump from a log line to the build's trace.
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
