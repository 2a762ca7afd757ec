import { metrics } from '@opentelemetry/api';
import type { PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { JetStreamConnection } from './jetstream-connection.service';
import { toNatsHeaders } from './jetstream-publisher.service';
import { errorMessage, stderrLogger } from './messaging.logger';
import type { MessagingLogger } from './messaging.types';
import { onOutboxCommit } from './outbox-kick';

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

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (so replicas share the work), published pipelined,
 * and marked published in one UPDATE only after every ack; a row whose publish
 * failed stays unpublished and is retried, and a re-publish is deduplicated by
 * Nats-Msg-Id. Survives restarts because the table is the queue.
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
    this.unregister = onOutboxCommit(this.dataSource, () => this.kick());
    this.loop = this.run();
  }

  /** Publish now rather than at the next poll (called after a commit that wrote outbox rows). */
  kick(): void {
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
          headers: toNatsHeaders(row.headers),
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
        published = await this.relayOnce();
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
