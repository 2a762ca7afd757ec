import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { gitCredentialsFromSettings } from '@tollgate/git-source';
import { JetStreamConsumerRunner, Outbox, ServiceBus, openServiceStores, type JetStreamConnection, type ServiceReadiness } from '@tollgate/messaging';
import { loadSupportPolicyFile, SbomInputError } from '@tollgate/sbom';
import { NotBuildableError, SBOM_SERVICE_ENTITIES, SBOM_SERVICE_MIGRATIONS, SbomBuilderService, recordArtifactEnvironment } from '@tollgate/sbom-service';
import type { Logger } from '@tollgate/telemetry';
import type { SbomBuilderConfig } from './sbom-builder.config';


/**
 * Everything the SBOM builder runs besides HTTP: data source, NATS, the
 * artifact.packaged consumer (build, store once, publish sbom.generated), the
 * deployment consumers (where artifacts went) and the outbox relay.
 */
export class SbomBuilderRuntime {
  readonly outbox = new Outbox();
  private readonly bus: ServiceBus;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: SbomBuilderConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly service: SbomBuilderService,
    logger: Logger,
  ) {
    this.bus = new ServiceBus(dataSource, connection, [
      new JetStreamConsumerRunner({
        connection,
        dataSource,
        outbox: this.outbox,
        logger,
        // Reading a repository or registry can fail for a while and is retried; a bad input goes to the DLQ at once with its reason.
        definition: { durable: 'sbom-builder-artifact-packaged', filterSubjects: ['tollgate.artifact.packaged'], maxDeliver: 4, backoffMs: [2000, 10_000, 30_000], batchSize: 1 },
        // Holding the inbox claim while building makes a concurrent redelivery wait rather than build twice.
        isPermanent: (error) => error instanceof NotBuildableError || (error instanceof SbomInputError && !error.retryable),
        handler: async (event, ctx) => {
          const request = await service.requestFor(event);
          const built = await service.build(request);
          await service.store(ctx.manager, ctx.outbox, request, built);
        },
      }),
      ...(['tollgate.service.deployed', 'tollgate.artifact.published'] as const).map(
        (subject) =>
          new JetStreamConsumerRunner({
            connection,
            dataSource,
            outbox: this.outbox,
            logger,
            definition: { durable: `sbom-builder-${subject.split('.').slice(1).join('-')}`, filterSubjects: [subject], maxDeliver: 5, backoffMs: [500, 2000, 10_000] },
            handler: async (event, ctx) => {
              await recordArtifactEnvironment(ctx.manager, service.sbomStore, event);
            },
          }),
      ),
    ], logger);
  }

  static async create(config: SbomBuilderConfig, logger: Logger): Promise<SbomBuilderRuntime> {
    const supportPolicy = config.SBOM_SUPPORT_POLICY_FILE ? await loadSupportPolicyFile(config.SBOM_SUPPORT_POLICY_FILE) : undefined;
    const service = new SbomBuilderService({
      registries: { insecureRegistries: config.SBOM_INSECURE_REGISTRIES.split(',').map((s) => s.trim()).filter(Boolean) },
      supportPolicy,
      gitCredentials: gitCredentialsFromSettings({
        rulesFile: config.SBOM_GIT_CREDENTIALS_FILE,
        brokerUrl: config.SBOM_BROKER_URL,
        role: config.SBOM_BROKER_ROLE,
        tokenFile: config.SBOM_WORKLOAD_TOKEN_FILE,
      }),
    });
    const { dataSource, connection } = await openServiceStores({
      database: { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: SBOM_SERVICE_ENTITIES, migrations: SBOM_SERVICE_MIGRATIONS },
      nats: { servers: config.NATS_URL, name: 'sbom-builder', subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX, streamPrefix: config.TOLLGATE_STREAM_PREFIX, logger },
    });
    return new SbomBuilderRuntime(config, dataSource, connection, service, logger);
  }

  start(): Promise<void> {
    return this.bus.start();
  }

  stop(): Promise<void> {
    return this.bus.stop();
  }

  readiness(): Promise<ServiceReadiness> {
    return this.bus.readiness();
  }
}
