// Child process of bus.bench: hosts the consumer side (raw or ours) so the
// producer and the consumer run in separate processes, as deployed (the ingest
// gateway produces, other services consume). Driven over the IPC channel.
import 'reflect-metadata';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { createDataSource } from '@tollgate/persistence';
import { CreateBenchEffect1763769800000, DB_URL } from './bench-common';
import { ConsumerHost, type ConsumerKind } from './consumer-host';

export type ToChild = { op: 'start'; kind: ConsumerKind; ns: string } | { op: 'expect'; count: number } | { op: 'stop' } | { op: 'exit' };
export type FromChild = { op: 'started' | 'expecting' | 'stopped' } | { op: 'done'; at: number } | { op: 'error'; message: string };

const schema = process.argv[2];
const dataSource = createDataSource({ url: DB_URL, schema, entities: OUTBOX_ENTITIES, migrations: [...MESSAGING_MIGRATIONS, CreateBenchEffect1763769800000] });
let host: ConsumerHost | undefined;
const send = (m: FromChild): void => void process.send!(m);

async function handle(m: ToChild): Promise<void> {
  switch (m.op) {
    case 'start':
      if (!dataSource.isInitialized) await dataSource.initialize();
      host = new ConsumerHost(dataSource);
      await host.start(m.kind, m.ns);
      return send({ op: 'started' });
    case 'expect':
      host!.expect(m.count, (at) => send({ op: 'done', at }));
      return send({ op: 'expecting' });
    case 'stop':
      await host?.stop();
      host = undefined;
      return send({ op: 'stopped' });
    case 'exit':
      if (dataSource.isInitialized) await dataSource.destroy();
      process.disconnect();
      return;
  }
}

process.on('message', (m: ToChild) => {
  handle(m).catch((error: unknown) => send({ op: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
