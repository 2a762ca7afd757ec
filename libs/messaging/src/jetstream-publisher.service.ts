import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import type { JetStreamConnection } from './jetstream-connection.service';
import { captureTraceHeaders } from './trace-headers';

export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the stream already held this event id (inside the dedupe window). */
  duplicate: boolean;
}

export function toNatsHeaders(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

/**
 * Publishes straight to JetStream, without the outbox: for producers with no
 * state change to commit alongside (e.g. the ingest gateway after validation).
 */
export class JetStreamPublisher {
  constructor(private readonly connection: JetStreamConnection) {}

  async publish(event: TollgateEvent, headers: Record<string, string> = {}): Promise<PublishResult> {
    const payload = encodeEvent(event);
    const ack = await this.connection.js.publish(this.connection.subject(subjectOf(event)), payload, {
      msgID: event.id,
      headers: toNatsHeaders({ ...headers, ...captureTraceHeaders() }),
    });
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }
}
