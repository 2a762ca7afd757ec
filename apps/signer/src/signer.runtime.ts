import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { AttestationSigner, BrokerTransitSigner } from '@tollgate/attestation';
import type { TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner, Outbox, ServiceBus, openServiceStores, type EventHandler, type HandlerContext, type JetStreamConnection, type ServiceReadiness } from '@tollgate/messaging';
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
  private readonly bus: ServiceBus;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: SignerConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly service: SignerService,
    readonly keys: BrokerTransitSigner,
    logger: Logger,
  ) {
    const retry = { maxDeliver: config.SIGNER_MAX_DELIVER, backoffMs: config.SIGNER_RETRY_BACKOFF_MS };
    const scope = (ctx: HandlerContext) => ({ manager: ctx.manager, outbox: ctx.outbox, finalAttempt: ctx.deliveryCount >= retry.maxDeliver });
    const runner = (durable: string, subjects: string[], handler: EventHandler, extra: object = {}) =>
      new JetStreamConsumerRunner<TollgateEvent>({ connection, dataSource, outbox: this.outbox, logger, definition: { durable, filterSubjects: subjects, ...retry, ...extra }, handler });
    this.bus = new ServiceBus(dataSource, connection, [
      runner('signer-pipeline-runs', ['tollgate.pipelinerun.>'], async (event, ctx) => {
        if (event.type.includes('pipelinerun.queued') || event.type.includes('pipelinerun.started')) await recordPipelineRun(ctx.manager, event);
      }),
      runner('signer-artifact-packaged', ['tollgate.artifact.packaged'], async (event, ctx) => recordPackagedArtifact(ctx.manager, event)),
      // One at a time: each waits on the broker, and a batch would hold every row lock meanwhile.
      runner('signer-sbom-generated', ['tollgate.sbom.generated'], async (event, ctx) => service.attestBuild(event, scope(ctx)), { batchSize: 1 }),
      runner('signer-gate-passed', ['tollgate.gate.passed'], async (event, ctx) => service.issueVsa(event, scope(ctx)), { batchSize: 1 }),
    ], logger);
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
    const { dataSource, connection } = await openServiceStores({
      database: { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: SIGNER_ENTITIES, migrations: SIGNER_MIGRATIONS },
      nats: { servers: config.NATS_URL, name: 'signer', subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX, streamPrefix: config.TOLLGATE_STREAM_PREFIX, logger },
    });
    return new SignerRuntime(config, dataSource, connection, service, keys, logger);
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
