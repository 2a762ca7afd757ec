import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/** An outbox row as written, so the relay can publish it straight after commit. */
export interface CommittedOutboxRow {
  eventId: string;
  subject: string;
  payload: string;
  headers: Record<string, string>;
}

// Wakes relays right after a commit that wrote outbox rows, handing them the
// rows, so a hop costs neither a poll interval nor a SELECT.
const FLAG = 'tollgateOutboxWritten';
const ROWS = 'tollgateOutboxRows';
type Wake = (rows: CommittedOutboxRow[]) => void;
const wakers = new WeakMap<DataSource, Set<Wake>>();
const installed = new WeakSet<DataSource>();

function wakeAll(dataSource: DataSource, rows: CommittedOutboxRow[]): void {
  for (const wake of wakers.get(dataSource) ?? []) wake(rows);
}

class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also "commits"; only the outermost commit makes rows visible.
    const data = event.queryRunner.data as Record<string, unknown>;
    if (event.queryRunner.isTransactionActive || !data[FLAG]) return;
    const rows = (data[ROWS] as CommittedOutboxRow[] | undefined) ?? [];
    delete data[FLAG];
    delete data[ROWS];
    wakeAll(event.queryRunner.dataSource, rows);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    // After any rollback, even of a savepoint, the remembered rows may include
    // ones that will never commit: forget them all and let the relay read the
    // table, which holds only what committed.
    delete data[ROWS];
    if (!event.queryRunner.isTransactionActive) delete data[FLAG];
  }
}

/** Registers `wake` to run after every commit on `dataSource` that wrote outbox rows. */
export function onOutboxCommit(dataSource: DataSource, wake: Wake): () => void {
  if (!installed.has(dataSource)) {
    installed.add(dataSource);
    dataSource.subscribers.push(new OutboxCommitSubscriber());
  }
  const set = wakers.get(dataSource) ?? new Set<Wake>();
  wakers.set(dataSource, set);
  set.add(wake);
  return () => set.delete(wake);
}

/** Called after an outbox insert: wake now (autocommit) or at the transaction's commit. */
export function noteOutboxWrite(manager: EntityManager, rows: CommittedOutboxRow[]): void {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) {
    const data = runner.data as Record<string, unknown>;
    data[FLAG] = true;
    data[ROWS] = [...((data[ROWS] as CommittedOutboxRow[] | undefined) ?? []), ...rows];
  } else {
    wakeAll(manager.dataSource, rows);
  }
}
