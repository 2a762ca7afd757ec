import type { EntityManager } from 'typeorm';
import { parseEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { DuplicateOutboxEventError } from './messaging.error';
import { noteOutboxWrite, type CommittedOutboxRow } from './outbox-kick';
import { captureTraceHeaders } from './trace-headers';

const ROWS_PER_INSERT = 1000;

/**
 * Writes outgoing events in the caller's transaction; the relay publishes them
 * after commit. Events are validated here, so nothing invalid reaches the bus.
 */
export class Outbox {
  async add(manager: EntityManager, event: TollgateEvent): Promise<void> {
    await this.addMany(manager, [event]);
  }

  /** Many events in few statements (one per 1000 rows). */
  async addMany(manager: EntityManager, events: readonly TollgateEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Encode everything first: a bad event fails the call before anything is written.
    const traceHeaders = captureTraceHeaders();
    const headers = JSON.stringify(traceHeaders);
    const written: CommittedOutboxRow[] = events.map((event) => ({
      eventId: event.id,
      subject: subjectOf(event),
      // encodeEvent's text without its UTF-8 round trip (pg and NATS encode the string once each).
      payload: JSON.stringify(parseEvent(event)),
      headers: traceHeaders,
    }));
    const rows = written.map((row) => [row.eventId, row.subject, row.payload, headers]);
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const values = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`).join(', ');
      try {
        await manager.query(
          `INSERT INTO outbox_message (event_id, subject, payload, headers) VALUES ${values}`,
          chunk.flat(),
        );
      } catch (error) {
        throw duplicateOr(error, chunk.map((row) => String(row[0])));
      }
    }
    noteOutboxWrite(manager, written);
  }
}

function duplicateOr(error: unknown, ids: string[]): unknown {
  const pg = (error as { driverError?: { code?: string; detail?: string } }).driverError;
  if (pg?.code !== '23505') return error;
  const id = /\(event_id\)=\((.*)\)/.exec(pg.detail ?? '')?.[1] ?? ids[0];
  return new DuplicateOutboxEventError(id, { cause: error });
}
