import type { DataSource } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import type { Outbox } from '@tollgate/messaging';
import { BackendError, type SecretsBackend } from '../backend/secrets-backend';
import { wrappingReuseEvent } from '../broker-events';
import { claimWrappingToken, releaseWrappingToken } from './wrapping-ledger';

/** Why an unwrap failed; `reused` has already raised a security event. */
export class UnwrapRefusedError extends Error {
  override readonly name = 'UnwrapRefusedError';

  constructor(readonly status: 'reused' | 'expired' | 'unknown') {
    super(
      status === 'reused'
        ? 'wrapping token was already unwrapped; this use has been reported'
        : status === 'expired'
          ? 'wrapping token expired'
          : 'wrapping token is not valid or does not exist',
    );
  }
}

/**
 * Single-use delivery to internal services: the first unwrap returns the
 * secret; any later one fails, is audited, and publishes security.breach,
 * because a second use means the token leaked or the first use was not ours.
 */
export class UnwrapSecret {
  constructor(
    private readonly deps: { dataSource: DataSource; backend: SecretsBackend; outbox: Outbox; audit: AuditLog },
  ) {}

  async unwrap(token: string): Promise<Record<string, string>> {
    const { dataSource, backend, audit, outbox } = this.deps;
    const claim = await dataSource.transaction((m) => claimWrappingToken(m, token));
    if (claim.status !== 'claimed') {
      await dataSource.transaction(async (m) => {
        const entry = claim.status === 'unknown' ? undefined : claim.entry;
        await audit.append(m, {
          kind: 'unwrap-refused',
          pipelineRunId: entry?.pipelineRunId,
          subject: entry ? `wrapping-token/${entry.accessor}` : 'wrapping-token/(unknown)',
          detail: { status: claim.status, ...(entry && { role: entry.role, secret: entry.secretName }) },
        });
        if (claim.status === 'reused') await outbox.add(m, wrappingReuseEvent({ pipelineRunId: claim.entry.pipelineRunId, accessor: claim.entry.accessor, role: claim.entry.role }));
      });
      throw new UnwrapRefusedError(claim.status);
    }
    let data: Record<string, string>;
    try {
      data = await backend.unwrap(token);
    } catch (error) {
      if (error instanceof BackendError && (error.kind === 'wrapping-token-reused' || error.kind === 'wrapping-token-invalid')) {
        // The backend saw it used although our ledger did not: someone unwrapped it directly.
        await dataSource.transaction(async (m) => {
          await audit.append(m, { kind: 'unwrap-refused', pipelineRunId: claim.entry.pipelineRunId, subject: `wrapping-token/${claim.entry.accessor}`, detail: { status: 'reused-at-backend' } });
          await outbox.add(m, wrappingReuseEvent({ pipelineRunId: claim.entry.pipelineRunId, accessor: claim.entry.accessor, role: claim.entry.role }));
        });
        throw new UnwrapRefusedError('reused');
      }
      // Backend outage: the token was not used, so a retry must not look like reuse.
      await dataSource.transaction((m) => releaseWrappingToken(m, token));
      throw error;
    }
    await dataSource.transaction((m) =>
      audit.append(m, {
        kind: 'unwrapped',
        pipelineRunId: claim.entry.pipelineRunId,
        subject: `wrapping-token/${claim.entry.accessor}`,
        detail: { role: claim.entry.role, secret: claim.entry.secretName },
      }),
    );
    return data;
  }
}
