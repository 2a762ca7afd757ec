import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { AttestationSigner, BrokerTransitSigner } from '@tollgate/attestation';
import { DEAD_LETTER_STREAM, EVENT_STREAMS, type TollgateEvent } from '@tollgate/events';
import { JetStreamConnection, JetStreamConsumerRunner, Outbox, OutboxRelay, type EventHandler, type HandlerContext } from '@tollgate/messaging';
import { createDataSource } from '@tollgate/persistence';
import { recordPackagedArtifact, recordPipelineRun, SIGNER_ENTITIES, SIGNER_MIGRATIONS, SignerService } from '@tollgate/signer-service';
import type { Logger } from '@tollgate/telemetry';
import type { SignerConfig } from './signer.config';

/**
 * The signer's moving parts: consumers recording run facts (pipeline runs,
 * packaged artifacts), signing on sbom.generated and gate.passed, the outbox
 * relay, and the broker-backed key. The process holds a token file path and
 * public keys, never a private key.
 */
export class SignerRuntime {
  readonly outbox = new Outbox();
  private readonly relay: OutboxRelay;
  private readonly runners: JetStreamConsumerRunner<TollgateEvent>[];
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: SignerConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly service: SignerService,
    readonly keys: BrokerTransitSigner,
    logger: Logger,
  ) {
    this.relay = new OutboxRelay(dataSource, connection, { logger });
    const retry = { maxDeliver: config.SIGNER_MAX_DELIVER, backoffMs: config.SIGNER_RETRY_BACKOFF_MS };
    const scope = (ctx: HandlerContext) => ({ manager: ctx.manager, outbox: ctx.outbox, finalAttempt: ctx.deliveryCount >= retry.maxDeliver });
    const runner = (durable: string, subjects: string[], handler: EventHandler, extra: object = {}) =>
      new JetStreamConsumerRunner<TollgateEvent>({ connection, dataSource, outbox: this.outbox, logger, definition: { durable, filterSubjects: subjects, ...retry, ...extra }, handler });
    this.runners = [
      runner('signer-pipeline-runs', ['tollgate.pipelinerun.>'], async (event, ctx) => {
        if (event.type.includes('pipelinerun.queued') || event.type.includes('pipelinerun.started')) await recordPipelineRun(ctx.manager, event);
      }),
      runner('signer-artifact-packaged', ['tollgate.artifact.packaged'], async (event, ctx) => recordPackagedArtifact(ctx.manager, event)),
      // One at a time: each waits on the broker, and a batch would hold every row lock meanwhile.
      runner('signer-sbom-generated', ['tollgate.sbom.generated'], async (event, ctx) => service.attestBuild(event, scope(ctx)), { batchSize: 1 }),
      runner('signer-gate-passed', ['tollgate.gate.passed'], async (event, ctx) => service.issueVsa(event, scope(ctx)), { batchSize: 1 }),
    ];
  }

  static async create(config: SignerConfig, logger: Logger): Promise<SignerRuntime> {
    const keys = new BrokerTransitSigner({
      brokerUrl: config.SIGNER_BROKER_URL,
      keyName: config.SIGNER_KEY_NAME,
      role: config.SIGNER_BROKER_ROLE,
      workloadToken: async () => (await readFile(config.SIGNER_WORKLOAD_TOKEN_FILE, 'utf8')).trim(),
    });
    const sbomBase = config.SIGNER_SBOM_BUILDER_URL.replace(/\/+$/, '');
    const service = new SignerService({
      signerFor: (pipelineRunId) => AttestationSigner.withKey(keys.forPipelineRun(pipelineRunId)),
      sbomDocument: async (digest) => {
        const response = await fetch(`${sbomBase}/v1/artifacts/${encodeURIComponent(digest)}/sbom?format=cyclonedx`);
        if (response.status === 404) return undefined;
        if (!response.ok) throw new Error(`SBOM builder answered ${response.status} for ${digest}`);
        return response.text();
      },
      verifierId: config.SIGNER_VERIFIER_ID,
    });
    const dataSource = createDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: SIGNER_ENTITIES, migrations: SIGNER_MIGRATIONS });
    await dataSource.initialize();
    try {
      if (await dataSource.showMigrations()) throw new Error(`database schema "${config.DATABASE_SCHEMA}" has pending migrations: run \`npm run migrate\` first`);
      const connection = await JetStreamConnection.connect({
        servers: config.NATS_URL,
        name: 'signer',
        subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX,
        streamPrefix: config.TOLLGATE_STREAM_PREFIX,
        logger,
      });
      await connection.ensureStreams([...EVENT_STREAMS, DEAD_LETTER_STREAM]);
      return new SignerRuntime(config, dataSource, connection, service, keys, logger);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    this.relay.start();
    for (const runner of this.runners) await runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.relay.stop();
    await this.connection.drain();
    await this.dataSource.destroy();
  }

  async readiness(): Promise<{ ready: boolean; nats: 'up' | 'down'; postgres: 'up' | 'down' }> {
    const nats = this.connection.isConnected() ? 'up' : 'down';
    const postgres = await this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    return { ready: nats === 'up' && postgres === 'up', nats, postgres };
  }
}
