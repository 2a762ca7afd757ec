import { EventValidationError, type TollgateEvent } from '@tollgate/events';
import { JetStreamPublisher } from './jetstream-publisher.service';
import { createMessagingFixture, sharedNatsUrl, testEvent, type MessagingFixture } from './testing/messaging-test-fixture';

describe(JetStreamPublisher.name, () => {
  let fx: MessagingFixture;

  beforeEach(async () => {
    fx = await createMessagingFixture(sharedNatsUrl());
  });

  afterEach(async () => {
    await fx.close();
  });

  describe('#publish', () => {
    it('stores the same event id once when it is published twice inside the dedupe window', async () => {
      const publisher = new JetStreamPublisher(fx.connection);
      const event = testEvent();
      const first = await publisher.publish(event);
      const second = await publisher.publish(event);
      expect(first).toEqual({ stream: fx.connection.streamName('TOLLGATE_PIPELINE'), seq: 1, duplicate: false });
      expect(second).toEqual({ stream: first.stream, seq: 1, duplicate: true });
      const info = await fx.connection.jsm.streams.info(first.stream);
      expect(info.state.messages).toBe(1);
    });

    it('rejects an invalid event before anything reaches the stream', async () => {
      const publisher = new JetStreamPublisher(fx.connection);
      const bad = { ...testEvent(), source: '' } as TollgateEvent;
      await expect(publisher.publish(bad)).rejects.toBeInstanceOf(EventValidationError);
      const info = await fx.connection.jsm.streams.info(fx.connection.streamName('TOLLGATE_PIPELINE'));
      expect(info.state.messages).toBe(0);
    });
  });
});
