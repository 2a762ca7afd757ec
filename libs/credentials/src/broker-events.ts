import { randomBytes } from 'node:crypto';
import { buildEvent, type TollgateEvent } from '@tollgate/events';
import { traceIdForRun } from '@tollgate/telemetry';
import type { LeaseRecord } from './leases/lease-store';

export const BROKER_SOURCE = '/tollgate/credential-broker';

export type DenialCategory = 'token-invalid' | 'role-mismatch' | 'run-closed' | 'backend-unavailable' | 'backend-refused';

type IssuedLease = Pick<LeaseRecord, 'leaseId' | 'pipelineRunId' | 'role' | 'engine' | 'path' | 'secretName' | 'ttlSeconds' | 'expiresAt'>;

export function issuedEvent(lease: IssuedLease, delivery: 'direct' | 'wrapped', traceparent?: string): TollgateEvent {
  return buildEvent('credentials.issued', {
    source: BROKER_SOURCE,
    subjectId: lease.leaseId,
    pipelineRunId: lease.pipelineRunId,
    traceparent,
    content: {
      leaseId: lease.leaseId,
      role: lease.role,
      engine: lease.engine,
      path: lease.path,
      secretName: lease.secretName ?? lease.engine,
      delivery,
      ttlSeconds: lease.ttlSeconds,
      expiresAt: lease.expiresAt.toISOString(),
    },
  });
}

export function deniedEvent(input: { pipelineRunId: string; role?: string; category: DenialCategory; reason: string; traceparent?: string }): TollgateEvent {
  return buildEvent('credentials.denied', {
    source: BROKER_SOURCE,
    subjectId: input.pipelineRunId,
    pipelineRunId: input.pipelineRunId,
    traceparent: input.traceparent,
    content: { ...(input.role !== undefined && { role: input.role }), category: input.category, reason: input.reason },
  });
}

export function revokedEvent(lease: LeaseRecord, traceparent?: string): TollgateEvent {
  return buildEvent('credentials.revoked', {
    source: BROKER_SOURCE,
    subjectId: lease.leaseId,
    pipelineRunId: lease.pipelineRunId,
    // One event per lease, ever: a retried revocation dedupes on the id.
    id: `revoked:${lease.leaseId}`,
    traceparent,
    content: { leaseId: lease.leaseId, role: lease.role, engine: lease.engine, path: lease.path, reason: lease.revokeReason ?? 'withdrawn' },
  });
}

export function wrappingReuseEvent(input: { pipelineRunId: string; accessor: string; role: string }): TollgateEvent {
  // The breach belongs to the run's trace, like every other event of the build.
  const traceparent = `00-${traceIdForRun(input.pipelineRunId)}-${randomBytes(8).toString('hex')}-01`;
  return buildEvent('security.breach', {
    source: BROKER_SOURCE,
    subjectId: `wrapping-token/${input.accessor}`,
    pipelineRunId: input.pipelineRunId,
    traceparent,
    content: {
      severity: 'high',
      category: 'wrapping-token-reuse',
      message: `a single-use wrapping token of role ${input.role} was presented again after it had been unwrapped`,
      reference: `wrapping-token/${input.accessor}`,
    },
  });
}
