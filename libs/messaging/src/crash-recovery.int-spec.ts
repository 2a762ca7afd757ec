import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner } from './consumer-runner.service';
import type { ConsumerDefinition } from './messaging.types';
import { Outbox } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';
import { createMessagingFixture, recordEffect, sharedNatsUrl, testEvent, waitFor, type MessagingFixture } from './testing/messaging-test-fixture';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'testing', 'crash-consumer.fixture.ts');

const definition: ConsumerDefinition = {
  durable: 'crash-consumer',
  filterSubjects: ['tollgate.pipelinerun.>'],
  maxDeliver: 5,
  backoffMs: [100],
  // Short, so the message of a dead process comes back quickly.
  ackWaitMs: 1000,
};

describe('JetStreamConsumerRunner after a crash', () => {
  let fx: MessagingFixture;
  let relay: OutboxRelay;
  let runner: JetStreamConsumerRunner | undefined;

  beforeEach(async () => {
    fx = await createMessagingFixture(sharedNatsUrl());
    relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger });
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await relay.stop();
    await fx.close();
  });

  /** Runs the consumer in a child process that dies at `mode`; resolves with its exit code. */
  function runChildUntilItDies(mode: 'in-handler' | 'after-commit'): Promise<number | null> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CRASH_MODE: mode,
        CRASH_CONSUMER: JSON.stringify(definition),
        CRASH_DB_URL: fx.db.url,
        CRASH_DB_SCHEMA: fx.db.schema,
        CRASH_NATS_URL: fx.natsUrl,
        CRASH_SUBJECT_PREFIX: fx.subjectPrefix,
        CRASH_STREAM_PREFIX: fx.streamPrefix,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => (code === 2 ? reject(new Error(`child failed: ${stderr}`)) : resolve(code)));
    });
  }

  async function emit(event: TollgateEvent): Promise<void> {
    await fx.db.dataSource.transaction((manager) => new Outbox().add(manager, event));
    await relay.relayOnce();
  }

  async function consumerState(): Promise<{ pending: number; ackPending: number }> {
    const info = await fx.connection.jsm.consumers.info(fx.connection.streamName('TOLLGATE_PIPELINE'), definition.durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  async function startParentRunner(calls: number[]): Promise<void> {
    runner = new JetStreamConsumerRunner({
      connection: fx.connection,
      dataSource: fx.db.dataSource,
      definition,
      logger: fx.logger,
      handler: async (event, ctx) => {
        calls.push(ctx.deliveryCount);
        await recordEffect(ctx.manager, event, 'parent');
      },
    });
    await runner.start();
  }

  it('redelivers to a new runner when the process died mid-transaction, and the effect appears once', async () => {
    const event = testEvent();
    await emit(event);
    expect(await runChildUntilItDies('in-handler')).toBe(3);
    expect(await fx.effects()).toEqual(new Map());

    const calls: number[] = [];
    await startParentRunner(calls);
    await waitFor('effect', async () => (await fx.effects()).get(event.id) === 1);
    await waitFor('acked', async () => (await consumerState()).ackPending === 0);
    expect(calls).toEqual([2]);
    expect(await fx.effects()).toEqual(new Map([[event.id, 1]]));
  });

  it('acks the redelivery without a second effect when the process died after commit but before the ack', async () => {
    const event = testEvent();
    await emit(event);
    expect(await runChildUntilItDies('after-commit')).toBe(0);
    expect(await fx.effects()).toEqual(new Map([[event.id, 1]]));
    expect(await consumerState()).toEqual({ pending: 0, ackPending: 1 });

    const calls: number[] = [];
    await startParentRunner(calls);
    await waitFor('redelivery acked', async () => (await consumerState()).ackPending === 0);
    expect(calls).toEqual([]);
    expect(await fx.effects()).toEqual(new Map([[event.id, 1]]));
  });
});
