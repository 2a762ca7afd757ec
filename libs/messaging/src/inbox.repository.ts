import type { EntityManager } from 'typeorm';

/**
 * Claims event ids for a consumer inside the caller's transaction. A claimed id
 * commits with the handler's effects; an id already present means the event
 * was handled before (a redelivery) and must have no second effect. A
 * concurrent claim of the same id waits for the other transaction, then sees it.
 */
export async function claimInbox(manager: EntityManager, consumer: string, eventIds: string[]): Promise<Set<string>> {
  // Sorted, so two concurrent batches sharing ids lock them in the same order (no deadlock).
  const ids = [...eventIds].sort();
  const rows = (await manager.query(
    `INSERT INTO inbox_record (consumer, event_id) SELECT $1, unnest($2::text[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, ids],
  )) as { event_id: string }[];
  return new Set(rows.map((r) => r.event_id));
}

/** Forgets inbox rows older than `olderThanMs`; keep it longer than any stream's max_age. */
export async function pruneInbox(manager: EntityManager, consumer: string, olderThanMs: number): Promise<number> {
  const result = (await manager.query(
    `DELETE FROM inbox_record WHERE consumer = $1 AND handled_at < now() - ($2::bigint * interval '1 millisecond')`,
    [consumer, olderThanMs],
  )) as [unknown[], number];
  return result[1];
}
