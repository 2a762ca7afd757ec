import { connect } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { startNatsServer } from './nats-server';

/** A request sent while the client is still reconnecting is lost; ask again until one is answered. */
async function infoOnceReconnected(jsm: JetStreamManager, stream: string): Promise<StreamInfo> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await jsm.streams.info(stream);
    } catch (error) {
      if (attempt >= 40) throw error;
    }
  }
}

describe(startNatsServer.name, () => {
  it('starts a JetStream server on a free port and keeps port and store across a restart', async () => {
    const server = await startNatsServer();
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100, timeout: 500 });
    try {
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
      const jsm = await jetstreamManager(nc, { timeout: 500 });
      await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
      await jsm.jetstream().publish('keep.one', 'x');

      await server.restart({ kill: true });

      const info = await infoOnceReconnected(jsm, 'KEEP');
      expect(info.state.messages).toBe(1);
    } finally {
      await nc.close();
      await server.stop();
    }
  });

  it('refuses connections after stop', async () => {
    const server = await startNatsServer();
    await server.stop();
    await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
  });
});
