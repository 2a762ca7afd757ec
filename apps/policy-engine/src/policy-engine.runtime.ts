import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { BrokerTransitSigner, loadTrustPolicyFile } from '@tollgate/attestation';
import { AuditLog, checkpointAuditHead, type CheckpointSigner } from '@tollgate/audit';
import type { TollgateEvent } from '@tollgate/events';
import { deliverDueBreaches, GATE_ENTITIES, GATE_MIGRATIONS, GateService, loadSocCredentials, type SocCredentials } from '@tollgate/gate-service';
import { JetStreamConsumerRunner, Outbox, ServiceBus, openServiceStores, type EventHandler, type JetStreamConnection, type ServiceReadiness } from '@tollgate/messaging';
import type { Logger } from '@tollgate/telemetry';
import { httpEvidenceSources } from './evidence-sources';
import { PackHolder } from './pack-holder';
import type { PolicyEngineConfig } from './policy-engine.config';

const PRODUCT_VERSION = '0.1.0';

/** KEV ids from a JSON list, or from CISA's catalogue (`vulnerabilities[].cveID`). */
async function knownExploited(file: string | undefined): Promise<string[]> {
  if (!file) return [];
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (Array.isArray(parsed) && parsed.every((id) => typeof id === 'string')) return parsed;
  const catalogue = parsed as { vulnerabilities?: { cveID?: string }[] };
  if (Array.isArray(catalogue.vulnerabilities)) return catalogue.vulnerabilities.map((v) => v.cveID).filter((id): id is string => typeof id === 'string');
  throw new Error(`${file}: expected a JSON list of vulnerability ids or a KEV catalogue with vulnerabilities[].cveID`);
}

/** Checkpoints are signed by the broker (the engine holds no key), when the engine has a workload token for it. */
function checkpointSignerOf(config: PolicyEngineConfig): CheckpointSigner | undefined {
  const tokenFile = config.POLICY_WORKLOAD_TOKEN_FILE;
  if (!tokenFile) return undefined;
  const broker = new BrokerTransitSigner({
    brokerUrl: config.POLICY_BROKER_URL,
    keyName: config.POLICY_SIGNING_KEY,
    role: config.POLICY_BROKER_ROLE,
    workloadToken: async () => (await readFile(tokenFile, 'utf8')).trim(),
  });
  return async (payload) => {
    const signed = await broker.sign(payload);
    return { signature: signed.signature, keyHint: `${broker.keyName}:v${signed.keyVersion}` };
  };
}

// nats-server 2.9 takes one filter subject per consumer: one consumer per evidence subject.
const EVIDENCE_SUBJECTS = ['tollgate.credentials.issued', 'tollgate.credentials.denied', 'tollgate.scan.>', 'tollgate.sbom.generated', 'tollgate.artifact.signed', 'tollgate.signing.failed'];

/**
 * The policy engine's moving parts: a consumer per evidence subject and one for
 * artifact.packaged (which opens a gate), the deadline sweep, the SOC deliveries,
 * the pack watcher and the outbox relay.
 */
export class PolicyEngineRuntime {
  readonly outbox = new Outbox();
  readonly audit = new AuditLog();
  private readonly bus: ServiceBus;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private lastCheckpointAt = 0;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: PolicyEngineConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly gates: GateService,
    readonly packs: PackHolder,
    private readonly logger: Logger,
    private readonly checkpointSigner: CheckpointSigner | undefined,
    private readonly socCredentials: SocCredentials,
  ) {
    const runner = (durable: string, subject: string, handler: EventHandler) =>
      new JetStreamConsumerRunner<TollgateEvent>({
        connection,
        dataSource,
        outbox: this.outbox,
        logger,
        // One at a time: deciding reads the other services, and a batch would hold the gate locks meanwhile.
        definition: { durable, filterSubjects: [subject], maxDeliver: 6, backoffMs: [1000, 5000, 15_000, 30_000], batchSize: 1, ackWaitMs: 120_000 },
        handler,
      });
    this.bus = new ServiceBus(dataSource, connection, [
      runner('policy-artifact-packaged', 'tollgate.artifact.packaged', (event, ctx) => gates.openGate(event, ctx)),
      ...EVIDENCE_SUBJECTS.map((subject) => runner(`policy-${subject.split('.').slice(1).join('-').replace('>', 'all')}`, subject, (event, ctx) => gates.onEvidence(event, ctx))),
    ], logger);
  }

  static async create(config: PolicyEngineConfig, logger: Logger): Promise<PolicyEngineRuntime> {
    const packs = await PackHolder.load(config.POLICY_PACK_FILE, logger);
    const socCredentials = await loadSocCredentials({ signingSecretFile: config.POLICY_SOC_SIGNING_SECRET_FILE, authorizationFile: config.POLICY_SOC_AUTHORIZATION_FILE });
    const trust = await loadTrustPolicyFile(config.POLICY_TRUST_POLICY_FILE);
    const audit = new AuditLog();
    const gates = new GateService({
      pack: () => packs.current(),
      sources: httpEvidenceSources(config, await knownExploited(config.POLICY_KEV_FILE)),
      trust,
      audit,
      socEndpoints: config.POLICY_SOC_WEBHOOKS,
      productVersion: PRODUCT_VERSION,
    });
    const { dataSource, connection } = await openServiceStores({
      database: { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: GATE_ENTITIES, migrations: GATE_MIGRATIONS },
      nats: { servers: config.NATS_URL, name: 'policy-engine', subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX, streamPrefix: config.TOLLGATE_STREAM_PREFIX, logger },
    });
    return new PolicyEngineRuntime(config, dataSource, connection, gates, packs, logger, checkpointSignerOf(config), socCredentials);
  }

  /** Deadlines and SOC deliveries, on one timer. */
  private async sweep(): Promise<void> {
    try {
      const overdue = await this.dataSource.transaction((manager) => this.gates.decideOverdue({ manager, outbox: this.outbox }));
      if (overdue > 0) this.logger.warn({ gates: overdue }, 'gates failed closed at their deadline');
      await deliverDueBreaches(this.dataSource, { credentials: this.socCredentials });
      if (this.checkpointSigner && Date.now() - this.lastCheckpointAt >= this.config.POLICY_CHECKPOINT_INTERVAL_MS) {
        this.lastCheckpointAt = Date.now();
        const checkpoint = await checkpointAuditHead(this.dataSource, this.config.DATABASE_SCHEMA, this.checkpointSigner);
        if (checkpoint) this.logger.info({ seq: checkpoint.seq, keyHint: checkpoint.keyHint }, 'decision log checkpoint signed');
      }
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'gate sweep failed; will try again');
    }
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.packs.watch(2000);
    const tick = () => {
      this.sweeping = this.sweep().finally(() => {
        if (this.sweeper) this.sweeper = setTimeout(tick, this.config.POLICY_SWEEP_INTERVAL_MS);
      });
    };
    this.sweeper = setTimeout(tick, this.config.POLICY_SWEEP_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    await this.sweeping;
    this.packs.stop();
    await this.bus.stop();
  }

  readiness(): Promise<ServiceReadiness> {
    return this.bus.readiness();
  }
}
