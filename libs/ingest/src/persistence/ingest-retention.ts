import type { DataSource } from 'typeorm';
import { pruneInbox } from '@tollgate/messaging';

export interface RetentionPolicy {
  /** How long an accepted event id answers `duplicate: true` (the idempotency window). */
  idempotencyDays: number;
  /** Read-model consumers whose inbox rows may be forgotten after the same window. */
  consumers: string[];
}

/**
 * Keeps the gateway's own tables bounded: expired replay-cache signatures,
 * accepted ids past the idempotency window, and inbox rows of the same age
 * (JetStream's own duplicate window is minutes, so a re-publish later than
 * the idempotency window would not be caught anyway).
 */
export async function pruneIngestTables(dataSource: DataSource, policy: RetentionPolicy, now = new Date()): Promise<Record<string, number>> {
  const windowMs = policy.idempotencyDays * 86_400_000;
  const cutoff = new Date(now.getTime() - windowMs);
  const [, signatures]: [unknown, number] = await dataSource.query('DELETE FROM request_signature WHERE expires_at < $1', [now]);
  const [, accepted]: [unknown, number] = await dataSource.query('DELETE FROM accepted_event WHERE accepted_at < $1', [cutoff]);
  let inbox = 0;
  for (const consumer of policy.consumers) inbox += await pruneInbox(dataSource.manager, consumer, windowMs);
  return { signatures, accepted, inbox };
}
