import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

// Wakes relays right after a commit that wrote outbox rows, so a hop costs no poll interval.
const FLAG = 'tollgateOutboxWritten';
const wakers = new WeakMap<DataSource, Set<() => void>>();
const installed = new WeakSet<DataSource>();

function wakeAll(dataSource: DataSource): void {
  for (const wake of wakers.get(dataSource) ?? []) wake();
}

class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also "commits"; only the outermost commit makes rows visible.
    if (event.queryRunner.isTransactionActive || !event.queryRunner.data[FLAG]) return;
    delete event.queryRunner.data[FLAG];
    wakeAll(event.queryRunner.dataSource);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[FLAG];
  }
}

/** Registers `wake` to run after every commit on `dataSource` that wrote outbox rows. */
export function onOutboxCommit(dataSource: DataSource, wake: () => void): () => void {
  if (!installed.has(dataSource)) {
    installed.add(dataSource);
    dataSource.subscribers.push(new OutboxCommitSubscriber());
  }
  const set = wakers.get(dataSource) ?? new Set<() => void>();
  wakers.set(dataSource, set);
  set.add(wake);
  return () => set.delete(wake);
}

/** Called after an outbox insert: wake now (autocommit) or at the transaction's commit. */
export function noteOutboxWrite(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) runner.data[FLAG] = true;
  else wakeAll(manager.dataSource);
}
