import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { DEAD_LETTER_STREAM, EVENT_STREAMS } from '@tollgate/events';
import {
  AcceptEventsUseCase,
  INGEST_ENTITIES,
  INGEST_MIGRATIONS,
  IngestRequestHandler,
  OidcTokenVerifier,
  PipelineQuery,
  RateLimiter,
  RequestAuthenticator,
  RequestSignatureRepository,
  SourceRegistry,
  pruneIngestTables,
  recordPipelineEvents,
} from '@tollgate/ingest';
import { JetStreamConnection, JetStreamConsumerRunner, Outbox, OutboxRelay } from '@tollgate/messaging';
import { createDataSource } from '@tollgate/persistence';
import type { Logger } from '@tollgate/telemetry';
import type { GatewayConfig } from './gateway.config';

/**
 * Everything the gateway runs besides HTTP: the data source, the NATS
 * connection, the outbox relay and the read-model consumers. Built before Nest
 * so a bad config or an unreachable dependency fails the boot with one message.
 */
export class GatewayRuntime {
  private readonly runners: JetStreamConsumerRunner[] = [];
  private readonly relay: OutboxRelay;
  private pruneTimer?: NodeJS.Timeout;
  readonly ingest: IngestRequestHandler;
  readonly pipelines: PipelineQuery;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: GatewayConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    sources: SourceRegistry,
    private readonly logger: Logger,
  ) {
    const authenticator = new RequestAuthenticator(sources, new OidcTokenVerifier(), new RequestSignatureRepository(dataSource), {
      replayWindowSeconds: config.INGEST_REPLAY_WINDOW_SECONDS,
    });
    const outbox = new Outbox();
    this.ingest = new IngestRequestHandler(authenticator, new RateLimiter(), new AcceptEventsUseCase(dataSource, outbox));
    this.pipelines = new PipelineQuery(dataSource);
    this.relay = new OutboxRelay(dataSource, connection, { logger });
    // The read model follows every event stream, so GET /v1/pipelines shows what every service said.
    for (const stream of EVENT_STREAMS) {
      this.runners.push(
        new JetStreamConsumerRunner({
          connection,
          dataSource,
          outbox,
          logger,
          definition: {
            durable: `ingest-pipeline-view-${stream.name.toLowerCase().replace(/_/g, '-')}`,
            stream: stream.name,
            // The whole stream: one consumer per stream, and no multi-filter (nats-server 2.10+) needed.
            filterSubjects: [],
            maxDeliver: 5,
            backoffMs: [500, 2000, 10_000, 30_000],
            batchSize: 100,
          },
          batchHandler: (events, ctx) => recordPipelineEvents(ctx.manager, events),
        }),
      );
    }
  }

  static async create(config: GatewayConfig, logger: Logger): Promise<GatewayRuntime> {
    // Sources first: a bad sources file fails the boot before anything is connected.
    // Secrets named by `secretEnv` are read from the environment here, once.
    const sources = SourceRegistry.fromFile(config.INGEST_SOURCES_FILE, process.env);
    const dataSource = createDataSource({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      entities: INGEST_ENTITIES,
      migrations: INGEST_MIGRATIONS,
    });
    await dataSource.initialize();
    try {
      const pending = await dataSource.showMigrations();
      if (pending) throw new Error(`database schema "${config.DATABASE_SCHEMA}" has pending migrations: run \`npm run migrate\` first`);
      const connection = await JetStreamConnection.connect({
        servers: config.NATS_URL,
        name: 'ingest-gateway',
        subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX,
        streamPrefix: config.TOLLGATE_STREAM_PREFIX,
        logger,
      });
      await connection.ensureStreams([...EVENT_STREAMS, DEAD_LETTER_STREAM]);
      return new GatewayRuntime(config, dataSource, connection, sources, logger);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    this.relay.start();
    for (const runner of this.runners) await runner.start();
    const policy = { idempotencyDays: this.config.INGEST_IDEMPOTENCY_DAYS, consumers: this.runners.map((r) => r.durable) };
    this.pruneTimer = setInterval(() => {
      pruneIngestTables(this.dataSource, policy).catch((error: Error) => this.logger.warn({ err: error.message }, 'pruning ingest tables failed'));
    }, 60_000);
    this.pruneTimer.unref();
  }

  /** Graceful: stop pulling, finish in-flight work, flush the relay, drain NATS, close the pool. */
  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.relay.stop();
    await this.connection.drain();
    await this.dataSource.destroy();
  }

  async readiness(): Promise<{ ready: boolean; nats: 'up' | 'down'; postgres: 'up' | 'down' }> {
    const nats = this.connection.isConnected() ? 'up' : 'down';
    let postgres: 'up' | 'down' = 'down';
    try {
      await this.dataSource.query('SELECT 1');
      postgres = 'up';
    } catch {
      postgres = 'down';
    }
    return { ready: nats === 'up' && postgres === 'up', nats, postgres };
  }
}
