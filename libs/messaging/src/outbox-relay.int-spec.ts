import { EventValidationError, decodeEvent, type TollgateEvent } from '@tollgate/events';
import { DuplicateOutboxEventError } from './messaging.error';
import { Outbox } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';
import { createMessagingFixture, sharedNatsUrl, testEvent, waitFor, type MessagingFixture } from './testing/messaging-test-fixture';

describe(OutboxRelay.name, () => {
  let fx: MessagingFixture;
  const outbox = new Outbox();
  let relay: OutboxRelay | undefined;

  beforeEach(async () => {
    fx = await createMessagingFixture(sharedNatsUrl());
  });

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await fx.close();
  });

  async function storedEvents(): Promise<{ event: TollgateEvent; msgId: string }[]> {
    const stream = fx.connection.streamName('TOLLGATE_PIPELINE');
    const info = await fx.connection.jsm.streams.info(stream);
    const found: { event: TollgateEvent; msgId: string }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await fx.connection.jsm.streams.getMessage(stream, { seq });
      if (m) found.push({ event: decodeEvent(m.data), msgId: m.header.get('Nats-Msg-Id') });
    }
    return found;
  }

  async function unpublished(): Promise<number> {
    const rows = (await fx.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL`)) as { n: number }[];
    return rows[0].n;
  }

  describe('fast path', () => {
    it('publishes a committed row at once, without waiting for a poll, and marks it once', async () => {
      // A poll interval far beyond the wait below: only the commit hand-over can deliver in time.
      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger, pollMs: 60_000 });
      relay.start();
      await waitFor('the start-up poll', async () => (await unpublished()) === 0);
      const event = testEvent();
      await fx.db.dataSource.transaction((manager) => outbox.add(manager, event));
      await waitFor('the event on the stream', async () => (await storedEvents()).some((s) => s.event.id === event.id), 5_000);
      await waitFor('the row marked published', async () => (await unpublished()) === 0, 5_000);
      expect((await storedEvents()).filter((s) => s.event.id === event.id)).toHaveLength(1);
    });

    it('never publishes a row whose savepoint rolled back, even though the outer transaction committed', async () => {
      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger, pollMs: 100 });
      relay.start();
      const kept = testEvent();
      const undone = testEvent();
      await fx.db.dataSource.transaction(async (manager) => {
        await outbox.add(manager, kept);
        await manager
          .transaction(async (inner) => {
            await outbox.add(inner, undone);
            throw new Error('roll back the savepoint');
          })
          .catch(() => undefined);
      });
      await waitFor('the kept event on the stream', async () => (await storedEvents()).some((s) => s.event.id === kept.id));
      // Several poll rounds later, the undone event is still nowhere.
      await new Promise((r) => setTimeout(r, 500));
      expect((await storedEvents()).map((s) => s.event.id)).toEqual([kept.id]);
      const rows = (await fx.db.dataSource.query('SELECT event_id FROM outbox_message')) as { event_id: string }[];
      expect(rows.map((r) => r.event_id)).toEqual([kept.id]);
    });
  });

  describe('#start', () => {
    it('publishes rows committed with the state change, in order, with Nats-Msg-Id = event id', async () => {
      const events = [testEvent(), testEvent(), testEvent()];
      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger });
      relay.start();
      await fx.db.dataSource.transaction(async (manager) => {
        for (const e of events) await outbox.add(manager, e);
      });
      await waitFor('three stored events', async () => (await storedEvents()).length === 3);
      const stored = await storedEvents();
      expect(stored.map((s) => s.event.id)).toEqual(events.map((e) => e.id));
      expect(stored.map((s) => s.msgId)).toEqual(events.map((e) => e.id));
      await waitFor('rows marked published', async () => (await unpublished()) === 0);
    });

    it('publishes rows written while no relay ran once a new relay starts', async () => {
      const first = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger });
      first.start();
      await first.stop();
      const events = [testEvent(), testEvent()];
      await fx.db.dataSource.transaction((manager) => outbox.addMany(manager, events));
      expect(await unpublished()).toBe(2);

      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger, pollMs: 100 });
      relay.start();
      await waitFor('both stored', async () => (await storedEvents()).length === 2);
      expect((await storedEvents()).map((s) => s.event.id).sort()).toEqual(events.map((e) => e.id).sort());
    });

    it('never publishes rows of a rolled-back transaction', async () => {
      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger, pollMs: 50 });
      relay.start();
      const kept = testEvent();
      await expect(
        fx.db.dataSource.transaction(async (manager) => {
          await outbox.add(manager, testEvent());
          throw new Error('state change failed');
        }),
      ).rejects.toThrow('state change failed');
      await fx.db.dataSource.transaction((manager) => outbox.add(manager, kept));
      await waitFor('kept event stored', async () => (await storedEvents()).length === 1);
      await relay.relayOnce();
      expect((await storedEvents()).map((s) => s.event.id)).toEqual([kept.id]);
    });

    it('re-publishing a row (crash after publish, before marking) stores the event once', async () => {
      const event = testEvent();
      await fx.db.dataSource.transaction((manager) => outbox.add(manager, event));
      relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger });
      expect(await relay.relayOnce()).toBe(1);
      await fx.db.dataSource.query(`UPDATE outbox_message SET published_at = NULL`);
      expect(await relay.relayOnce()).toBe(1);
      expect((await storedEvents()).map((s) => s.event.id)).toEqual([event.id]);
    });
  });

  describe('Outbox#add', () => {
    it('rejects an invalid event with EventValidationError and writes nothing', async () => {
      const bad = { ...testEvent(), pipelinerunid: '' } as TollgateEvent;
      await expect(fx.db.dataSource.transaction((manager) => outbox.add(manager, bad))).rejects.toBeInstanceOf(EventValidationError);
      expect(await unpublished()).toBe(0);
    });

    it('rejects a second event with the same id with DuplicateOutboxEventError', async () => {
      const event = testEvent();
      await fx.db.dataSource.transaction((manager) => outbox.add(manager, event));
      const again = fx.db.dataSource.transaction((manager) => outbox.add(manager, testEvent({ id: event.id })));
      await expect(again).rejects.toBeInstanceOf(DuplicateOutboxEventError);
      await expect(again).rejects.toMatchObject({ eventId: event.id });
      expect(await unpublished()).toBe(1);
    });
  });
});
