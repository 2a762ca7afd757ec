import type { DestinationStream } from 'pino';
import { serveRuntime, type RunningService } from '@tollgate/service-host';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { ScannerRunnerConfig } from './scanner-runner.config';
import { ScannerRunnerModule } from './scanner-runner.module';
import { ScannerRunnerRuntime } from './scanner-runner.runtime';
import { ScannerErrorFilter } from './http/scanner-error.filter';

export type RunningScannerRunner = RunningService<ScannerRunnerRuntime>;

/** Builds and starts the scanner runner; used by main.ts and by the end-to-end tests alike. */
export async function startScannerRunner(
  config: ScannerRunnerConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningScannerRunner> {
  const logger = createLogger('scanner-runner', config.LOG_LEVEL, logDestination);
  const runtime = await ScannerRunnerRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  return serveRuntime({
    name: 'scanner-runner',
    runtime,
    module: ScannerRunnerModule.forRuntime(runtime),
    filter: new ScannerErrorFilter(logger),
    port: config.PORT,
    host: config.HOST,
    // SARIF uploads from large scans run to megabytes.
    bodyLimit: 16 * 1024 * 1024,
    logger,
  });
}
