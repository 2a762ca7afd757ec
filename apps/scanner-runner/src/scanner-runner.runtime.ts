import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import type { TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner, Outbox, ServiceBus, openServiceStores, type EventHandler, type JetStreamConnection, type ServiceReadiness } from '@tollgate/messaging';
import { gitCredentialsFromSettings } from '@tollgate/git-source';
import { AdvisoryCatalogue, SCANNER_ENTITIES, SCANNER_MIGRATIONS, ScanInputError, ScannerService, type ArtifactComponent } from '@tollgate/scanner-service';
import { parseExternalScannerConfig, type ExternalScannerConfig } from '@tollgate/scanning';
import type { Logger } from '@tollgate/telemetry';
import { AdvisoryInbox } from './advisory-inbox';
import type { ScannerRunnerConfig } from './scanner-runner.config';

async function externalScanners(file: string | undefined): Promise<ExternalScannerConfig[]> {
  if (!file) return [];
  const parsed = parseYaml(await readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a YAML list of scanners`);
  // Every entry checked at start: a bad config fails the boot, not the first scan.
  return parsed.map((entry) => parseExternalScannerConfig(entry));
}

/**
 * The scanner runner's moving parts: consumers for source scans (pipeline runs and
 * changes that name a commit) and SBOM matching, the advisory inbox, the outbox relay.
 */
export class ScannerRunnerRuntime {
  readonly outbox = new Outbox();
  private readonly bus: ServiceBus;
  private readonly inbox: AdvisoryInbox | undefined;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end();

  private constructor(
    readonly config: ScannerRunnerConfig,
    readonly dataSource: DataSource,
    readonly connection: JetStreamConnection,
    readonly service: ScannerService,
    logger: Logger,
  ) {
    const runner = (durable: string, subjects: string[], handler: EventHandler) =>
      new JetStreamConsumerRunner<TollgateEvent>({
        connection,
        dataSource,
        outbox: this.outbox,
        logger,
        // A checkout or scan takes seconds: one at a time, each in its own transaction.
        definition: { durable, filterSubjects: subjects, maxDeliver: config.SCANNER_MAX_DELIVER, backoffMs: config.SCANNER_RETRY_BACKOFF_MS, batchSize: 1, ackWaitMs: 120_000 },
        isPermanent: (error) => error instanceof ScanInputError,
        handler,
      });
    this.bus = new ServiceBus(dataSource, connection, [
      runner('scanner-pipeline-runs', ['tollgate.pipelinerun.started'], async (event, ctx) => {
        const request = service.sourceRequestOf(event);
        if (request) await service.scanSource(request, ctx);
      }),
      runner('scanner-changes', ['tollgate.change.created'], async (event, ctx) => {
        const request = service.sourceRequestOf(event);
        if (request) await service.scanSource(request, ctx);
      }),
      runner('scanner-sbom-generated', ['tollgate.sbom.generated'], async (event, ctx) => {
        await service.scanSbom(event, ctx);
      }),
    ], logger);
    if (config.SCANNER_ADVISORY_INBOX_DIR) {
      this.inbox = new AdvisoryInbox(
        config.SCANNER_ADVISORY_INBOX_DIR,
        config.SCANNER_ADVISORY_POLL_MS,
        async (text, file) => {
          const outcome = await this.ingestAdvisory(text, file);
          logger.info({ advisory: outcome.id, outcome: outcome.outcome, affected: outcome.affected.length, file }, 'advisory ingested');
        },
        (file, error) => logger.warn({ file, err: (error as Error).message }, 'advisory not ingested'),
      );
    }
  }

  static async create(config: ScannerRunnerConfig, logger: Logger): Promise<ScannerRunnerRuntime> {
    const sbomBase = config.SCANNER_SBOM_BUILDER_URL.replace(/\/+$/, '');
    const catalogue = new AdvisoryCatalogue();
    const service = new ScannerService({
      catalogue,
      sbomDocument: async (digest) => {
        const response = await fetch(`${sbomBase}/v1/artifacts/${encodeURIComponent(digest)}/sbom?format=cyclonedx`);
        if (response.status === 404) return undefined;
        if (!response.ok) throw new Error(`SBOM builder answered ${response.status} for ${digest}`);
        return response.text();
      },
      artifactsContaining: async (purlBase) => {
        const response = await fetch(`${sbomBase}/v1/components?purl=${encodeURIComponent(purlBase)}`);
        if (!response.ok) throw new Error(`SBOM builder answered ${response.status} for the artifacts containing ${purlBase}`);
        return ((await response.json()) as { matches: ArtifactComponent[] }).matches;
      },
      externalScanners: await externalScanners(config.SCANNER_EXTERNAL_FILE),
      externalTimeoutMs: config.SCANNER_EXTERNAL_TIMEOUT_MS,
      gitCredentials: gitCredentialsFromSettings({
        rulesFile: config.SCANNER_GIT_CREDENTIALS_FILE,
        brokerUrl: config.SCANNER_BROKER_URL,
        role: config.SCANNER_BROKER_ROLE,
        tokenFile: config.SCANNER_WORKLOAD_TOKEN_FILE,
      }),
    });
    const { dataSource, connection } = await openServiceStores({
      database: { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: SCANNER_ENTITIES, migrations: SCANNER_MIGRATIONS },
      nats: { servers: config.NATS_URL, name: 'scanner-runner', subjectPrefix: config.TOLLGATE_SUBJECT_PREFIX, streamPrefix: config.TOLLGATE_STREAM_PREFIX, logger },
    });
    try {
      const reports = await catalogue.load(dataSource.manager, config.SCANNER_OSV_DIR);
      for (const report of reports) logger.info({ source: report.source, files: report.files }, 'OSV advisories loaded');
    } catch (error) {
      await connection.drain();
      await dataSource.destroy();
      throw error;
    }
    return new ScannerRunnerRuntime(config, dataSource, connection, service, logger);
  }

  /** One advisory, matched against every stored artifact; its alerts commit with it. */
  ingestAdvisory(text: string, source: string) {
    return this.dataSource.transaction((manager) => this.service.ingestAdvisory(text, source, { manager, outbox: this.outbox }));
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.inbox?.start();
  }

  async stop(): Promise<void> {
    await this.inbox?.stop();
    await this.bus.stop();
  }

  readiness(): Promise<ServiceReadiness> {
    return this.bus.readiness();
  }
}
