import { Inject, Injectable, Module, type DynamicModule, type INestApplicationContext, type InjectionToken, type ModuleMetadata, type OnApplicationBootstrap, type OnApplicationShutdown, type OptionalFactoryDependency } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { JetStreamConnection } from './jetstream-connection.service';
import { JetStreamPublisher } from './jetstream-publisher.service';
import { JetStreamTransport } from './jetstream.transport';
import type { MessagingLogger, StreamDefinition } from './messaging.types';
import { Outbox } from './outbox.service';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.service';

export interface JetStreamModuleOptions {
  servers: string | string[];
  /** Client name (the app's name). */
  name: string;
  dataSource: DataSource;
  /** Streams this app publishes to or consumes from; ensured by the transport. */
  streams: readonly StreamDefinition[];
  subjectPrefix?: string;
  streamPrefix?: string;
  /** Relay settings; `false` when this app writes no outbox rows. */
  relay?: OutboxRelayOptions | false;
  logger?: MessagingLogger;
}

export const JETSTREAM_MODULE_OPTIONS = Symbol('JETSTREAM_MODULE_OPTIONS');

/** Starts the relay with the app and, on shutdown, stops it and drains the connection. */
@Injectable()
export class JetStreamLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JETSTREAM_MODULE_OPTIONS) private readonly options: JetStreamModuleOptions,
    @Inject(JetStreamConnection) private readonly connection: JetStreamConnection,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay !== false) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.connection.drain();
  }
}

/** Makes Outbox, OutboxRelay, JetStreamConnection and JetStreamPublisher injectable. */
@Module({})
export class JetStreamModule {
  static forRootAsync(config: {
    imports?: ModuleMetadata['imports'];
    inject?: (InjectionToken | OptionalFactoryDependency)[];
    useFactory: (...args: never[]) => JetStreamModuleOptions | Promise<JetStreamModuleOptions>;
  }): DynamicModule {
    return {
      module: JetStreamModule,
      global: true,
      imports: config.imports ?? [],
      providers: [
        { provide: JETSTREAM_MODULE_OPTIONS, useFactory: config.useFactory, inject: config.inject ?? [] },
        {
          provide: JetStreamConnection,
          useFactory: (o: JetStreamModuleOptions) =>
            JetStreamConnection.connect({ servers: o.servers, name: o.name, subjectPrefix: o.subjectPrefix, streamPrefix: o.streamPrefix, logger: o.logger }),
          inject: [JETSTREAM_MODULE_OPTIONS],
        },
        { provide: Outbox, useValue: new Outbox() },
        {
          provide: OutboxRelay,
          useFactory: (o: JetStreamModuleOptions, c: JetStreamConnection) =>
            new OutboxRelay(o.dataSource, c, { logger: o.logger, ...(o.relay || {}) }),
          inject: [JETSTREAM_MODULE_OPTIONS, JetStreamConnection],
        },
        { provide: JetStreamPublisher, useFactory: (c: JetStreamConnection) => new JetStreamPublisher(c), inject: [JetStreamConnection] },
        JetStreamLifecycle,
      ],
      exports: [JETSTREAM_MODULE_OPTIONS, JetStreamConnection, Outbox, OutboxRelay, JetStreamPublisher],
    };
  }
}

/** The transport for `app.connectMicroservice({ strategy })`, wired from the module's providers. */
export function createJetStreamTransport(app: INestApplicationContext): JetStreamTransport {
  const options = app.get<JetStreamModuleOptions>(JETSTREAM_MODULE_OPTIONS);
  return new JetStreamTransport({
    connection: app.get(JetStreamConnection),
    dataSource: options.dataSource,
    outbox: app.get(Outbox),
    streams: options.streams,
    logger: options.logger,
  });
}
