import type { JsMsg } from '@nats-io/jetstream';
import type { JetStreamConnection } from './jetstream-connection.service';
import { headers as natsHeaders } from '@nats-io/nats-core';

export const DLQ_HEADERS = {
  error: 'Tollgate-Dlq-Error',
  deliveryCount: 'Tollgate-Dlq-Delivery-Count',
  originalSubject: 'Tollgate-Dlq-Original-Subject',
  streamSeq: 'Tollgate-Dlq-Stream-Seq',
  consumer: 'Tollgate-Dlq-Consumer',
} as const;

const MAX_ERROR_LENGTH = 400;

/**
 * Error text safe for a header: one line, bounded, and with credential-looking
 * parts (URL userinfo, key=value secrets, bearer tokens) masked.
 */
export function sanitizeError(message: string): string {
  const masked = message
    .replace(/(\w+:\/\/)[^/\s:@]+(:[^@\s/]*)?@/g, '$1***@')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***')
    .replace(/\b(password|passwd|secret|token|api[-_]?key|authorization)(\s*[=:]\s*)(?!Bearer |Basic )("[^"]*"|'[^']*'|\S+)/gi, '$1$2***');
  const line = masked.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 3)}...` : line;
}

export interface DeadLetterInput {
  consumer: string;
  /** Subject as declared in code (no namespace prefix). */
  dlqSubject: string;
  msg: JsMsg;
  error: string;
}

/**
 * Copies the message to the dead-letter subject with why it failed. The
 * Nats-Msg-Id comes from (stream, consumer, stream seq) so a retried DLQ step
 * is stored once.
 */
export async function publishDeadLetter(connection: JetStreamConnection, input: DeadLetterInput): Promise<void> {
  const { msg } = input;
  const h = natsHeaders();
  for (const key of msg.headers?.keys() ?? []) {
    // Nats-* headers steer the server (expectations, dedupe ids); they must not apply to the copy.
    if (/^nats-/i.test(key)) continue;
    for (const value of msg.headers!.values(key)) h.append(key, value);
  }
  h.set(DLQ_HEADERS.error, sanitizeError(input.error));
  h.set(DLQ_HEADERS.deliveryCount, String(msg.info.deliveryCount));
  h.set(DLQ_HEADERS.originalSubject, connection.logicalSubject(msg.subject));
  h.set(DLQ_HEADERS.streamSeq, String(msg.seq));
  h.set(DLQ_HEADERS.consumer, input.consumer);
  await connection.js.publish(connection.subject(input.dlqSubject), msg.data, {
    msgID: `dlq:${msg.info.stream}:${input.consumer}:${msg.seq}`,
    headers: h,
  });
}
