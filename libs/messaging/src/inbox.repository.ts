import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryResult, QueryRunner } from 'typeorm';

const CLAIM = `INSERT INTO inbox_record (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`;

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
  const inserted: QueryResult = await runner.query(CLAIM, [consumer, ids], true);
  return claimedOf(manager, consumer, ids, inserted.affected ?? 0);
}

/** All of `ids` when every row was new; otherwise the ones this transaction wrote (by xmin). */
async function claimedOf(manager: EntityManager, consumer: string, ids: string[], inserted: number): Promise<Set<string>> {
  if (inserted === ids.length) return new Set(ids);
  // Some were handled before (redeliveries): the rows this transaction wrote carry its xid.
  const rows = (await manager.query(
    `SELECT event_id FROM inbox_record
      WHERE consumer = $1 AND event_id = ANY($2::text[]) AND xmin = pg_current_xact_id()::xid`,
    [consumer, ids],
  )) as { event_id: string }[];
  return new Set(rows.map((r) => r.event_id));
}

/**
 * Runs `work` in a new transaction whose first statement claims `eventIds`
 * (as claimInbox) and commits if `work` returns; rolls back if anything
 * throws. Same guarantees as `dataSource.transaction` + claimInbox, one round
 * trip fewer: the transaction's BEGIN travels with the claim in one
 * simple-protocol query (the values inlined as escaped literals), so a batch
 * costs BEGIN+claim, the handler's writes, COMMIT.
 */
export async function inClaimedTransaction<T>(
  dataSource: DataSource,
  consumer: string,
  eventIds: string[],
  work: (manager: EntityManager, claimed: Set<string>) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const claimed = await beginAndClaim(runner, consumer, eventIds);
    const result = await work(runner.manager, claimed);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    // As EntityManager.transaction: the original error wins over a failed rollback.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Starts the runner's transaction through TypeORM (its state, savepoints and
 * subscribers stay right) but holds back the START TRANSACTION statement and
 * sends it with the claim. If anything else queries the runner first (an
 * isolation level, a subscriber), the held statement goes out before it, so
 * nothing ever runs outside the transaction.
 */
async function beginAndClaim(runner: QueryRunner, consumer: string, eventIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(eventIds)].sort();
  const query = runner.query;
  let held = false;
  runner.query = ((sql: string, ...rest: unknown[]) => {
    if (sql === 'START TRANSACTION' && !held) {
      held = true;
      return Promise.resolve(undefined);
    }
    if (!held) return query.call(runner, sql, ...(rest as []));
    held = false;
    return query.call(runner, 'START TRANSACTION').then(() => query.call(runner, sql, ...(rest as [])));
  }) as QueryRunner['query'];
  try {
    await runner.startTransaction();
  } finally {
    runner.query = query;
  }
  // NUL cannot be sent in a simple query's text (nor stored in a text column): take the ordinary path.
  if (!held || consumer.includes('\0') || ids.some((id) => id.includes('\0'))) {
    if (held) await runner.query('START TRANSACTION');
    const inserted: QueryResult = await runner.query(CLAIM, [consumer, ids], true);
    return claimedOf(runner.manager, consumer, ids, inserted.affected ?? 0);
  }
  const client = (await runner.connect()) as PoolClient;
  // Optimistic: a plain insert costs the server less than ON CONFLICT's speculative
  // insertion, and in the common case (no redelivery) claims every id.
  const sql =
    `START TRANSACTION; INSERT INTO inbox_record (consumer, event_id) SELECT ${client.escapeLiteral(consumer)}, ` +
    `unnest(ARRAY[${ids.map((id) => literal(client, id)).join(',')}]::text[])`;
  runner.manager.connection.logger.logQuery(sql, [], runner);
  try {
    await client.query(sql);
    return new Set(ids);
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
  // Some id was claimed before (a redelivery): start over, and claim what is still free.
  await runner.rollbackTransaction();
  await runner.startTransaction();
  const inserted: QueryResult = await runner.query(CLAIM, [consumer, ids], true);
  return claimedOf(runner.manager, consumer, ids, inserted.affected ?? 0);
}

const UNIQUE_VIOLATION = '23505';

// What escapeLiteral returns for a string with no quote or backslash, without its
// per-character loop (event ids are plain; a batch inlines a hundred of them).
const NEEDS_ESCAPING = /['\\]/;
function literal(client: PoolClient, value: string): string {
  return NEEDS_ESCAPING.test(value) ? client.escapeLiteral(value) : `'${value}'`;
}

/** Forgets inbox rows older than `olderThanMs`; keep it longer than any stream's max_age. */
export async function pruneInbox(manager: EntityManager, consumer: string, olderThanMs: number): Promise<number> {
  const result = (await manager.query(
    `DELETE FROM inbox_record WHERE consumer = $1 AND handled_at < now() - ($2::bigint * interval '1 millisecond')`,
    [consumer, olderThanMs],
  )) as [unknown[], number];
  return result[1];
}
