import type { DataSource, EntityManager } from 'typeorm';
import { parseEvent, EventValidationError, type TollgateEvent } from '@tollgate/events';
import { contextFromTraceparent, currentTraceparent, withStageSpan } from '@tollgate/telemetry';
import { IngestError } from '../ingest.error';
import { withInferredPipelineRunId } from '../cloudevents/pipeline-run-id';

/** The transactional outbox, as the gateway needs it (implemented by libs/messaging). */
export interface EventOutbox {
  add(manager: EntityManager, event: TollgateEvent): Promise<void>;
}

export interface AcceptedEvent {
  id: string;
  duplicate: boolean;
}

/** Validates raw CloudEvents, naming the batch index in every issue path. */
export function validateEvents(rawEvents: unknown[]): TollgateEvent[] {
  return rawEvents.map((raw, index) => {
    try {
      return parseEvent(withInferredPipelineRunId(raw));
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      const prefix = rawEvents.length > 1 ? `[${index}].` : '';
      const issues = error.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` }));
      throw new IngestError('EVENT_INVALID', issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`).join('; '), { issues });
    }
  });
}

/**
 * Accepting an event = remembering its id and writing it to the outbox in one
 * transaction. A 202 therefore means "durably ours": the relay delivers it to
 * JetStream even if NATS is down right now or this process dies next.
 */
export class AcceptEventsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  async accept(sourceId: string, events: TollgateEvent[]): Promise<AcceptedEvent[]> {
    // The outbox relay is woken by the commit itself; nothing to signal here.
    return this.dataSource.transaction((manager) => this.acceptAll(manager, sourceId, events));
  }

  private async acceptAll(manager: EntityManager, sourceId: string, events: TollgateEvent[]): Promise<AcceptedEvent[]> {
    const results: AcceptedEvent[] = [];
    const seenInBatch = new Set<string>();
    for (const event of events) {
      if (seenInBatch.has(event.id)) {
        results.push({ id: event.id, duplicate: true });
        continue;
      }
      seenInBatch.add(event.id);
      const duplicate = await withStageSpan(
        {
          name: `ingest ${event.type}`,
          pipelineRunId: event.pipelinerunid,
          taskName: 'ingest',
          carried: contextFromTraceparent(event.traceparent),
          attributes: { 'tollgate.source.id': sourceId, 'cloudevents.event_id': event.id, 'cloudevents.event_type': event.type },
        },
        async () => {
          const inserted: unknown[] = await manager.query(
            `INSERT INTO accepted_event (event_id, source_id, type, pipeline_run_id) VALUES ($1, $2, $3, $4)
             ON CONFLICT (event_id) DO NOTHING RETURNING 1`,
            [event.id, sourceId, event.type, event.pipelinerunid],
          );
          if (inserted.length === 0) return true;
          await this.outbox.add(manager, withRunTrace(event));
          return false;
        },
      );
      results.push({ id: event.id, duplicate });
    }
    return results;
  }
}

/**
 * Downstream services continue the run's trace from the event's traceparent;
 * an outside traceparent of another trace is replaced by the ingest span (which
 * links to it), so one build stays one trace.
 */
function withRunTrace(event: TollgateEvent): TollgateEvent {
  const traceparent = currentTraceparent();
  return traceparent ? { ...event, traceparent } : event;
}
