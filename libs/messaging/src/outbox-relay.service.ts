import { metrics } from '@opentelemetry/api';
import type { PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { JetStreamConnection } from './jetstream-connection.service';
import { toNatsHeaders } from './jetstream-publisher.service';
import { errorMessage, stderrLogger } from './messaging.logger';
import type { MessagingLogger } from './messaging.types';
import { onOutboxCommit, type CommittedOutboxRow } from './outbox-kick';

export interface OutboxRelayOptions {
  /** Rows read, published and marked per round (default 500). */
  batchSize?: number;
  /** Poll for rows written by other processes or before a crash (default 500 ms). */
  pollMs?: number;
  /** Publish-ack timeout (default 5 s). */
  publishTimeoutMs?: number;
  /** Longest pause between retries while NATS is unreachable (default 5 s). */
  maxRetryDelayMs?: number;
  /** Published rows older than this are deleted (default 24 h). */
  retainPublishedMs?: number;
  logger?: MessagingLogger;
}

interface OutboxRow {
  seq: string;
  event_id: string;
  subject: string;
  payload: string;
  headers: Record<string, string>;
}

const meter = metrics.getMeter('@tollgate/messaging');
const publishedCounter = meter.createCounter('tollgate.messaging.outbox.published', {
  description: 'Outbox rows published to JetStream and acknowledged',
});
const failedCounter = meter.createCounter('tollgate.messaging.outbox.publish_failures', {
  description: 'Outbox publishes that failed and will be retried',
});
const PURGE_EVERY_MS = 60_000;

/** No trace context, no header block: JetStream adds Nats-Msg-Id itself. */
function headersOf(record: Record<string, string>): ReturnType<typeof toNatsHeaders> | undefined {
  return Object.keys(record).length > 0 ? toNatsHeaders(record) : undefined;
}
// Rows handed over by local commits beyond this wait for the table poll instead.
const MAX_FRESH_ROWS = 10_000;
const MARK_DELAY_MS = 20;

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (so replicas share the work), published pipelined,
 * and marked published in one UPDATE only after every ack; a row whose publish
 * failed stays unpublished and is retried, and a re-publish is deduplicated by
 * Nats-Msg-Id. Survives restarts because the table is the queue.
 *
 * Fast path: rows committed by this process are handed over by the commit
 * itself and published without reading them back; they are marked afterwards.
 * Anything the fast path misses (a crash, a failed publish, another process's
 * rows) is still unpublished in the table, and the poll sends it.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly retainPublishedMs: number;
  private readonly logger: MessagingLogger;
  private readonly js: JetStreamClient;
  private running = false;
  private loop?: Promise<void>;
  private kicked = false;
  private wake?: () => void;
  private unregister?: () => void;
  private lastPurge = Date.now();
  private fresh: CommittedOutboxRow[] = [];
  private lastPoll = 0;
  private unmarked: string[] = [];
  private marking?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: JetStreamConnection,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.retainPublishedMs = options.retainPublishedMs ?? 86_400_000;
    this.logger = options.logger ?? stderrLogger;
    this.js = connection.client(options.publishTimeoutMs ?? 5000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unregister = onOutboxCommit(this.dataSource, (rows) => this.kick(rows));
    this.loop = this.run();
  }

  /** Publish now rather than at the next poll (called after a commit that wrote outbox rows). */
  kick(committed: CommittedOutboxRow[] = []): void {
    if (this.fresh.length + committed.length <= MAX_FRESH_ROWS) this.fresh.push(...committed);
    this.kicked = true;
    this.wake?.();
  }

  /** Stops polling; the batch in flight is finished (published and marked) first. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unregister?.();
    this.wake?.();
    await this.loop;
    await this.marking;
  }

  /** One round: claim, publish, mark. Returns how many rows were published. */
  async relayOnce(): Promise<number> {
    // A pooled pg client rather than a TypeORM query runner: the relay's own SQL
    // needs no entities, and multi-statement strings save round trips per round.
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (error?: unknown) => void];
    let broken: unknown;
    try {
      return await this.relayBatch(client);
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      release(broken);
    }
  }

  /** Publishes rows this process just committed, then marks them; failures are left to the poll. */
  private async relayFresh(): Promise<number> {
    const rows = this.fresh.splice(0, this.batchSize);
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.js.publish(this.connection.subject(row.subject), row.payload, { msgID: row.eventId, headers: headersOf(row.headers) }),
      ),
    );
    const ok = rows.filter((_, i) => results[i].status === 'fulfilled').map((row) => row.eventId);
    const failed = rows.length - ok.length;
    if (ok.length) {
      // Marked a moment later, off the hop's critical path, several rounds in one
      // statement. Until then a poll may publish a row again: Nats-Msg-Id dedupes it.
      this.unmarked.push(...ok);
      this.markSoon();
      publishedCounter.add(ok.length);
    }
    if (failed) {
      failedCounter.add(failed);
      this.fresh.length = 0; // NATS is in trouble: the poll, with its backoff, takes over.
      const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      throw new RelayPublishError(failed, ok.length, reason);
    }
    // A full batch, or more waiting: report a full round so the loop goes again at once.
    return this.fresh.length > 0 ? this.batchSize : ok.length;
  }

  private markSoon(): void {
    this.marking ??= new Promise<void>((resolve) => setTimeout(resolve, MARK_DELAY_MS))
      .then(() => this.markPublished())
      .finally(() => (this.marking = undefined));
  }

  /** Marks the fast path's published rows; on failure they stay for the poll to send again (deduped). */
  private async markPublished(): Promise<void> {
    const ids = this.unmarked.splice(0);
    if (ids.length === 0) return;
    await this.dataSource
      .query(`UPDATE outbox_message SET published_at = now(), attempts = attempts + 1 WHERE event_id = ANY($1::text[]) AND published_at IS NULL`, [ids])
      .catch((error: unknown) => this.logger.warn({ err: errorMessage(error), rows: ids.length }, 'marking published outbox rows failed; the poll will resend them'));
  }

  private async relayBatch(client: PoolClient): Promise<number> {
    const [, selected] = (await client.query(
      `BEGIN; SELECT seq, event_id, subject, payload, headers FROM outbox_message
        WHERE published_at IS NULL ORDER BY seq LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED`,
    )) as unknown as [QueryResult, QueryResult<OutboxRow>];
    const rows = selected.rows;
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      return 0;
    }
    // Issue every publish before awaiting any ack: one round trip for the batch.
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.js.publish(this.connection.subject(row.subject), row.payload, {
          msgID: row.event_id,
          headers: headersOf(row.headers),
        }),
      ),
    );
    const ok: string[] = [];
    const failed: string[] = [];
    let firstError: unknown;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') ok.push(rows[i].seq);
      else {
        failed.push(rows[i].seq);
        firstError ??= r.reason;
      }
    });
    // seq values are bigints read from the table, so inlining them is safe.
    const statements = [
      ok.length && `UPDATE outbox_message SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY('{${ok.join(',')}}'::bigint[])`,
      failed.length && `UPDATE outbox_message SET attempts = attempts + 1 WHERE seq = ANY('{${failed.join(',')}}'::bigint[])`,
      'COMMIT',
    ].filter(Boolean);
    await client.query(statements.join('; '));
    if (ok.length) publishedCounter.add(ok.length);
    if (failed.length) {
      failedCounter.add(failed.length);
      throw new RelayPublishError(failed.length, ok.length, firstError);
    }
    return ok.length;
  }

  private async run(): Promise<void> {
    let retryDelay = 0;
    while (this.running) {
      this.kicked = false;
      let published = 0;
      try {
        // The table is read at least every pollMs even under steady local traffic,
        // so other processes' rows and failed publishes never starve.
        if (this.fresh.length > 0 && Date.now() - this.lastPoll < this.pollMs) published = await this.relayFresh();
        else {
          this.lastPoll = Date.now();
          // The table holds every handed-over row too: read them from there this
          // round, and mark what the fast path sent first, so nothing goes twice.
          this.fresh.length = 0;
          await this.markPublished();
          published = await this.relayOnce();
        }
        retryDelay = 0;
        await this.purgeIfDue();
      } catch (error) {
        // NATS or Postgres unreachable: rows stay unpublished, retry with a growing pause.
        retryDelay = Math.min(Math.max(retryDelay * 2, 100), this.maxRetryDelayMs);
        this.logger.warn({ err: errorMessage(error), retryInMs: retryDelay }, 'outbox relay round failed; will retry');
        await this.sleep(retryDelay, false);
        continue;
      }
      // A full batch means more may be waiting: go again at once.
      if (published < this.batchSize && !this.kicked) await this.sleep(this.pollMs, true);
    }
  }

  private sleep(ms: number, wakeOnKick: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // While backing off after a failure, only stop() cuts the pause short.
      this.wake = wakeOnKick ? done : () => (this.running ? undefined : done());
    });
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    // Walks the primary key from the oldest row; stops after a bounded number of deletions.
    await this.dataSource.query(
      `DELETE FROM outbox_message WHERE seq IN (
         SELECT seq FROM outbox_message
          WHERE published_at IS NOT NULL AND published_at < now() - ($1::bigint * interval '1 millisecond')
          ORDER BY seq LIMIT 5000)`,
      [this.retainPublishedMs],
    );
  }
}

export class RelayPublishError extends Error {
  override readonly name = 'RelayPublishError';

  constructor(failed: number, published: number, cause: unknown) {
    super(`${failed} outbox publish(es) failed (${published} succeeded): ${errorMessage(cause)}`, { cause });
  }
}
