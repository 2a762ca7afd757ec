import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { AuditLog } from '@tollgate/audit';
import {
  CREDENTIALS_ENTITIES,
  CREDENTIALS_MIGRATIONS,
  CredentialExchange,
  LeaseRevoker,
  TransitSigning,
  UnwrapSecret,
  WorkloadTokenVerifier,
  loadBrokerRoles,
  onPipelineRunFinished,
  onPipelineRunStarted,
  registerLeaseGauges,
  type BrokerRolesFile,
  type SecretsBackend,
} from '@tollgate/credentials';
import { DEAD_LETTER_STREAM, EVENT_STREAMS } from '@tollgate/events';
import { JetStreamConnection, JetStreamConsumerRunner, Outbox, OutboxRelay } from '@tollgate/messaging';
import { createDataSource } from '@tollgate/persistence';
import type { Logger } from '@tollgate/telemetry';
import type { BrokerConfig } from './broker.config';
import { createSecretsBackend, ensureSigningKeys, type ClosableBackend } from './secrets-backend.factory';

/**
 * Everything the broker runs besides HTTP: data source, NATS, the backend,
 * the use cases, the run-scope consumers, the revoker and the outbox relay.
 * Built before Nest so a bad config or an unreachable dependency fails the
 * boot with one message.
 */
export class BrokerRuntime {
  readonly exchange: CredentialExchange;
  readonly unwrap: UnwrapSecret;
  readonly signing: TransitSigning;
  readonly revoker: LeaseRevoker;
  private readonly relay: OutboxRelay;
  private readonly runners: JetStreamConsumerRunner[];
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: BrokerConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly backend: SecretsBackend & ClosableBackend,
    roles: BrokerRolesFile,
    private readonly logger: Logger,
  ) {
    const outbox = new Outbox();
    const audit = new AuditLog();
    const verifier = new WorkloadTokenVerifier(roles.issuers);
    this.exchange = new CredentialExchange({ dataSource, backend, verifier, roles: roles.roles, outbox, audit, logger });
    this.unwrap = new UnwrapSecret({ dataSource, backend, outbox, audit });
    this.signing = new TransitSigning({ dataSource, backend, verifier, roles: roles.roles, audit });
    this.revoker = new LeaseRevoker(
      { dataSource, backend, outbox, audit },
      { intervalMs: config.BROKER_REVOKE_INTERVAL_MS, logger, orphanSweep: backend.expiredDatabaseLeases?.bind(backend) },
    );
    this.relay = new OutboxRelay(dataSource, connection, { logger });
    const definition = (durable: string, subject: string) => ({ durable, filterSubjects: [subject], maxDeliver: 10, backoffMs: [500, 2000, 10_000, 30_000] });
    this.runners = [
      new JetStreamConsumerRunner({
        connection,
        dataSource,
        outbox,
        logger,
        definition: definition('credential-broker-run-started', 'tollgate.pipelinerun.started'),
        handler: (event, ctx) => onPipelineRunStarted(ctx.manager, audit, event),
      }),
      new JetStreamConsumerRunner({
        connection,
        dataSource,
        outbox,
        logger,
        definition: definition('credential-broker-run-finished', 'tollgate.pipelinerun.finished'),
        handler: async (event, ctx) => {
          if ((await onPipelineRunFinished(ctx.manager, audit, event)) > 0) ctx.manager.queryRunner!.data.kickRevoker = true;
        },
      }),
    ];
    // Revoke as soon as the run's close commits, not at the next interval.
    const kickAfterCommit: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        if (queryRunner.data.kickRevoker) {
          queryRunner.data.kickRevoker = false;
          this.revoker.kick();
        }
      },
    };
    dataSource.subscribers.push(kickAfterCommit);
  }

  static async create(config: BrokerConfig, logger: Logger): Promise<BrokerRuntime> {
    // The roles file first: a bad one fails the boot before anything is connected.
    const roles = loadBrokerRoles(config.BROKER_ROLES_FILE);
    const dataSource = createDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
    await dataSource.initialize();
    let backend: (SecretsBackend & ClosableBackend) | undefined;
    try {
      if (await dataSource.showMigrations()) throw new Error(`database schema "${config.DATABASE_SCHEMA}" has pending migrations: run \`npm run migrate\` first`);
      backend = createSecretsBackend(config, dataSource, roles, logger);
      // Vault's transit keys are Vault's operators' to create; the embedded backend makes its own.
      if (backend.kind === 'embedded') await ensureSigningKeys(backend, config.BROKER_SIGNING_KEYS, logger);
      const connection = await JetStreamConnection.connect({
        servers: config.NATS_URL,
        name: 'credential-broker',
        subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX,
        streamPrefix: config.TOLLGATE_STREAM_PREFIX,
        logger,
      });
      await connection.ensureStreams([...EVENT_STREAMS, DEAD_LETTER_STREAM]);
      return new BrokerRuntime(config, dataSource, connection, backend, roles, logger);
    } catch (error) {
      await backend?.close();
      await dataSource.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    registerLeaseGauges((sql) => this.dataSource.query(sql));
    this.relay.start();
    for (const runner of this.runners) await runner.start();
    this.revoker.start();
  }

  /** Graceful: stop consuming and revoking, flush the relay, drain NATS, close pools. */
  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.revoker.stop();
    await this.relay.stop();
    await this.connection.drain();
    await this.backend.close();
    await this.dataSource.destroy();
  }

  async readiness(): Promise<{ ready: boolean; nats: 'up' | 'down'; postgres: 'up' | 'down'; backend: 'up' | 'down' }> {
    const nats = this.connection.isConnected() ? 'up' : 'down';
    const postgres = await this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const backend = await this.backend.health().then(
      () => 'up' as const,
      () => 'down' as const,
    );
    return { ready: nats === 'up' && postgres === 'up' && backend === 'up', nats, postgres, backend };
  }
}
