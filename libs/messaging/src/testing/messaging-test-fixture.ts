import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EVENT_STREAMS, buildEvent, type TollgateEvent } from '@tollgate/events';
import { createTestDataSource, deleteStreamsWithPrefix, sharedNatsUrl, startNatsServer, uniqueName, type NatsServerHandle, type TestDataSource } from '@tollgate/testing';
import { JetStreamConnection } from '../jetstream-connection.service';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '../messaging.schema';
import type { MessagingLogger } from '../messaging.types';
import { CreateTestEffect1763769700000, TestEffectEntity } from './test-effect.entity';

export { sharedNatsUrl, startNatsServer, type NatsServerHandle };

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  obj: object;
}

/** Keeps log lines for assertions instead of printing expected failures. */
export function recordingLogger(): MessagingLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => entries.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => entries.push({ level: 'error', msg, obj }),
  };
}

/** A valid event of ~`padTo` bytes when encoded (padding goes into the pipeline name). */
export function testEvent(options: { id?: string; run?: string; traceparent?: string; padTo?: number } = {}): TollgateEvent {
  const run = options.run ?? `run-${randomUUID().slice(0, 8)}`;
  const base = 'payments-api';
  const pad = options.padTo ? Math.max(0, options.padTo - 700) : 0;
  return buildEvent('pipelinerun.started', {
    id: options.id,
    source: '/tollgate/test',
    subjectId: run,
    pipelineRunId: run,
    traceparent: options.traceparent,
    content: { pipelineName: base + '-'.repeat(pad ? 1 : 0) + 'x'.repeat(pad), uri: `https://jenkins.example.internal/job/payments/${run}` },
  });
}

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function recordEffect(manager: EntityManager, event: TollgateEvent, note = 'handled'): Promise<void> {
  await manager.query(`INSERT INTO test_effect (event_id, note) VALUES ($1, $2)`, [event.id, note]);
}

export interface MessagingFixture {
  db: TestDataSource;
  connection: JetStreamConnection;
  natsUrl: string;
  subjectPrefix: string;
  streamPrefix: string;
  logger: ReturnType<typeof recordingLogger>;
  /** Effect rows per event id. */
  effects(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/** Own schema (outbox, inbox, test_effect) and own namespace of streams/subjects on `natsUrl`. */
export async function createMessagingFixture(natsUrl: string): Promise<MessagingFixture> {
  const ns = uniqueName('t');
  const subjectPrefix = `${ns}.`;
  const streamPrefix = `${ns.toUpperCase()}_`;
  const logger = recordingLogger();
  const db = await createTestDataSource({
    entities: [...OUTBOX_ENTITIES, TestEffectEntity],
    migrations: [...MESSAGING_MIGRATIONS, CreateTestEffect1763769700000],
  });
  const connection = await JetStreamConnection.connect({ servers: natsUrl, name: ns, subjectPrefix, streamPrefix, logger });
  await connection.ensureStreams(EVENT_STREAMS);
  return {
    db,
    connection,
    natsUrl,
    subjectPrefix,
    streamPrefix,
    logger,
    async effects() {
      const rows = (await db.dataSource.query(`SELECT event_id, count(*)::int AS n FROM test_effect GROUP BY event_id`)) as {
        event_id: string;
        n: number;
      }[];
      return new Map(rows.map((r) => [r.event_id, r.n]));
    },
    async close() {
      await connection.drain().catch(() => undefined);
      await deleteStreamsWithPrefix(natsUrl, streamPrefix).catch(() => undefined);
      await db.destroy();
    },
  };
}
