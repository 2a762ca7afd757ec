import type { DataSource } from 'typeorm';
import { DEAD_LETTER_STREAM, EVENT_STREAMS, type TollgateEvent } from '@tollgate/events';
import { createDataSource, type DataSourceOptions } from '@tollgate/persistence';
import type { JetStreamConsumerRunner } from './consumer-runner.service';
import { JetStreamConnection, type JetStreamConnectionOptions } from './jetstream-connection.service';
import type { MessagingLogger } from './messaging.types';
import { OutboxRelay } from './outbox-relay.service';

export interface ServiceReadiness {
  ready: boolean;
  nats: 'up' | 'down';
  postgres: 'up' | 'down';
}

/**
 * A consuming service's stores: its schema (migrated beforehand: pending migrations stop
 * the start, they run as a step) and its NATS connection, with every stream declared.
 */
export async function openServiceStores(options: { database: DataSourceOptions; nats: JetStreamConnectionOptions }): Promise<{ dataSource: DataSource; connection: JetStreamConnection }> {
  const dataSource = createDataSource(options.database);
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) throw new Error(`database schema "${options.database.schema}" has pending migrations: run \`npm run migrate\` first`);
    const connection = await JetStreamConnection.connect(options.nats);
    await connection.ensureStreams([...EVENT_STREAMS, DEAD_LETTER_STREAM]);
    return { dataSource, connection };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Its consumers and outbox relay, started and stopped in order, and whether NATS and Postgres answer. */
export class ServiceBus {
  private readonly relay: OutboxRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: JetStreamConnection,
    private readonly runners: readonly JetStreamConsumerRunner<TollgateEvent>[],
    logger: MessagingLogger,
  ) {
    this.relay = new OutboxRelay(dataSource, connection, { logger });
  }

  async start(): Promise<void> {
    this.relay.start();
    for (const runner of this.runners) await runner.start();
  }

  /** Consumers first (they may still write to the outbox), then the relay, NATS and Postgres. */
  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.relay.stop();
    await this.connection.drain();
    await this.dataSource.destroy();
  }

  async readiness(): Promise<ServiceReadiness> {
    const nats = this.connection.isConnected() ? 'up' : 'down';
    const postgres = await this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    return { ready: nats === 'up' && postgres === 'up', nats, postgres };
  }
}
