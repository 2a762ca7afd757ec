import type { DataSource, EntityManager } from 'typeorm';
import { getEventDefinition, type TollgateEvent } from '@tollgate/events';
import { traceIdForRun } from '@tollgate/telemetry';
import { IngestError } from '../ingest.error';
import { PipelineEventEntity } from '../persistence/ingest.entities';

export interface PipelineEventView {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  traceId: string | null;
  artifactDigest?: string;
  outcome?: string;
}

export interface PipelineStageView {
  /** The event key, e.g. `pipelinerun.started`, `taskrun.finished`, `sbom.generated`. */
  stage: string;
  events: PipelineEventView[];
}

export interface PipelineView {
  pipelineRunId: string;
  /** The run's trace id: the same for every stage, whichever service handled it. */
  traceId: string;
  status: 'queued' | 'running' | 'finished';
  outcome?: string;
  artifactDigests: string[];
  stages: PipelineStageView[];
}

function traceIdOf(traceparent: string | undefined): string | null {
  return traceparent?.split('-')[1] ?? null;
}

/**
 * Records events of any domain under their runs, in one statement per batch;
 * runs in the consumer's transaction, so inbox rows and effects commit together.
 */
export async function recordPipelineEvents(manager: EntityManager, events: TollgateEvent[]): Promise<void> {
  const recordedAt = new Date();
  await manager
    .createQueryBuilder()
    .insert()
    .into(PipelineEventEntity)
    .values(
      events.map((event) => {
        const content = event.data.subject.content as { outcome?: unknown };
        return {
          eventId: event.id,
          pipelineRunId: event.pipelinerunid,
          eventKey: getEventDefinition(event.type)?.key ?? event.type,
          type: event.type,
          source: event.source,
          subject: event.data.subject.id,
          occurredAt: new Date(event.time),
          traceId: traceIdOf(event.traceparent),
          artifactDigest: event.artifactdigest ?? null,
          outcome: typeof content.outcome === 'string' ? content.outcome : null,
          recordedAt,
        };
      }),
    )
    .orIgnore()
    .execute();
}

export class PipelineQuery {
  constructor(private readonly dataSource: DataSource) {}

  async get(pipelineRunId: string): Promise<PipelineView> {
    const rows = await this.dataSource.getRepository(PipelineEventEntity).find({
      where: { pipelineRunId },
      order: { occurredAt: 'ASC', recordedAt: 'ASC' },
    });
    if (rows.length === 0) throw new IngestError('NOT_FOUND', `no events known for pipeline run ${pipelineRunId}`);
    const stages = new Map<string, PipelineEventView[]>();
    for (const row of rows) {
      const list = stages.get(row.eventKey) ?? [];
      list.push({
        id: row.eventId,
        type: row.type,
        source: row.source,
        subject: row.subject,
        time: row.occurredAt.toISOString(),
        traceId: row.traceId,
        ...(row.artifactDigest ? { artifactDigest: row.artifactDigest } : {}),
        ...(row.outcome ? { outcome: row.outcome } : {}),
      });
      stages.set(row.eventKey, list);
    }
    const finished = rows.find((r) => r.eventKey === 'pipelinerun.finished');
    const started = rows.some((r) => r.eventKey !== 'pipelinerun.queued');
    return {
      pipelineRunId,
      traceId: traceIdForRun(pipelineRunId),
      status: finished ? 'finished' : started ? 'running' : 'queued',
      ...(finished?.outcome ? { outcome: finished.outcome } : {}),
      artifactDigests: [...new Set(rows.map((r) => r.artifactDigest).filter((d): d is string => Boolean(d)))],
      stages: [...stages.entries()].map(([stage, events]) => ({ stage, events })),
    };
  }
}
