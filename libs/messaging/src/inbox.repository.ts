import type { EntityManager, QueryResult } from 'typeorm';

/**
 * Claims event ids for a consumer inside the caller's transaction. A claimed id
 * commits with the handler's effects; an id already present means the event
 * was handled before (a redelivery) and must have no second effect. A
 * concurrent claim of the same id waits for the other transaction, then sees it.
 * Must run in the transaction's top level (not a savepoint): ownership is read
 * from the rows' xmin.
 */
export async function claimInbox(manager: EntityManager, consumer: string, eventIds: string[]): Promise<Set<string>> {
  // Sorted, so two concurrent batches sharing ids lock them in the same order (no deadlock).
  const ids = [...new Set(eventIds)].sort();
  // The common case is "none seen before": a row count says so without sending every id back.
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('claimInbox runs inside the transaction that commits the effects');
  const inserted: QueryResult = await runner.query(
    `INSERT INTO inbox_record (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [consumer, ids],
    true,
  );
  if (inserted.affected === ids.length) return new Set(ids);
  // Some were handled before (redeliveries): the rows this transaction wrote carry its xid.
  const rows = (await manager.query(
    `SELECT event_id FROM inbox_record
      WHERE consumer = $1 AND event_id = ANY($2::text[]) AND xmin = pg_current_xact_id()::xid`,
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
