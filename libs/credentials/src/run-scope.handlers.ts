import type { EntityManager } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import type { TollgateEvent } from '@tollgate/events';
import { closeRunScope, openRunScope } from './leases/lease-store';

/** pipelinerun.started: the run may lease from now on (an exchange before this event opens it too). */
export async function onPipelineRunStarted(manager: EntityManager, audit: AuditLog, event: TollgateEvent): Promise<void> {
  const { created } = await openRunScope(manager, event.pipelinerunid);
  if (created) await audit.append(manager, { kind: 'run-opened', pipelineRunId: event.pipelinerunid, subject: event.pipelinerunid, detail: { eventId: event.id } });
}

/** pipelinerun.finished: close the run and queue every live lease under it; the revoker does the rest after commit. */
export async function onPipelineRunFinished(manager: EntityManager, audit: AuditLog, event: TollgateEvent): Promise<number> {
  const queued = await closeRunScope(manager, event.pipelinerunid);
  await audit.append(manager, {
    kind: 'run-closed',
    pipelineRunId: event.pipelinerunid,
    subject: event.pipelinerunid,
    detail: { eventId: event.id, leasesQueued: queued.map((l) => l.leaseId) },
  });
  return queued.length;
}
