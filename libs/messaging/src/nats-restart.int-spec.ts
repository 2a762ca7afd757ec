import type { TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner } from './consumer-runner.service';
import { Outbox } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';
import { createMessagingFixture, recordEffect, startNatsServer, testEvent, waitFor, type MessagingFixture, type NatsServerHandle } from './testing/messaging-test-fixture';

describe('messaging across a NATS restart', () => {
  let nats: NatsServerHandle;
  let fx: MessagingFixture;
  let relay: OutboxRelay;
  let runner: JetStreamConsumerRunner;

  beforeEach(async () => {
    nats = await startNatsServer();
    fx = await createMessagingFixture(nats.url);
    relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger, publishTimeoutMs: 1000, maxRetryDelayMs: 500 });
    runner = new JetStreamConsumerRunner({
      connection: fx.connection,
      dataSource: fx.db.dataSource,
      logger: fx.logger,
      definition: { durable: 'restart-consumer', filterSubjects: ['tollgate.pipelinerun.>'], maxDeliver: 20, backoffMs: [100, 200, 400], ackWaitMs: 2000 },
      handler: async (event, ctx) => {
        // Slow enough that messages are still in flight when the server goes away.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await recordEffect(ctx.manager, event);
      },
    });
  });

  afterEach(async () => {
    await runner.stop();
    await relay.stop();
    await fx.close();
    await nats.stop();
  });

  it.each([
    ['restarts', false],
    ['is killed (SIGKILL) and restarted', true],
  ])('loses nothing and duplicates nothing when the server %s mid-flow, and reconnects by itself', async (_how, kill) => {
    relay.start();
    await runner.start();
    const outbox = new Outbox();
    const events: TollgateEvent[] = [];
    const write = async (count: number): Promise<void> => {
      const batch = Array.from({ length: count }, () => testEvent());
      events.push(...batch);
      await fx.db.dataSource.transaction((manager) => outbox.addMany(manager, batch));
    };

    for (let i = 0; i < 10; i++) await write(20);
    // Some are in flight (published, unacked or not yet consumed) when the server goes away.
    await waitFor('some effects', async () => (await fx.effects()).size > 0);
    const inFlightAtRestart = events.length - (await fx.effects()).size;
    const restarting = nats.restart({ kill });
    for (let i = 0; i < 10; i++) await write(20);
    await restarting;
    for (let i = 0; i < 5; i++) await write(20);

    await waitFor('every effect', async () => (await fx.effects()).size === events.length, 90_000);
    await waitFor('consumer settled', async () => {
      const info = await fx.connection.jsm.consumers.info(fx.connection.streamName('TOLLGATE_PIPELINE'), 'restart-consumer');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 30_000);
    const effects = await fx.effects();
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(effects.keys())).toEqual(new Set(events.map((e) => e.id)));
    expect(inFlightAtRestart).toBeGreaterThan(0);
    expect(fx.connection.isConnected()).toBe(true);
    expect(fx.logger.entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['nats disconnected; reconnecting', 'nats reconnected']));
    const unpublished = (await fx.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL`)) as { n: number }[];
    expect(unpublished[0].n).toBe(0);
  }, 150_000);
});
