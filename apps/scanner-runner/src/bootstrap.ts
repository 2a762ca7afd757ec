import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { ScannerRunnerConfig } from './scanner-runner.config';
import { ScannerRunnerModule } from './scanner-runner.module';
import { ScannerRunnerRuntime } from './scanner-runner.runtime';
import { ScannerErrorFilter } from './http/scanner-error.filter';

export interface RunningScannerRunner {
  app: NestFastifyApplication;
  runtime: ScannerRunnerRuntime;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the scanner runner; used by main.ts and by the end-to-end tests alike. */
export async function startScannerRunner(
  config: ScannerRunnerConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningScannerRunner> {
  const logger = createLogger('scanner-runner', config.LOG_LEVEL, logDestination);
  const runtime = await ScannerRunnerRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  // SARIF uploads from large scans run to megabytes.
  const app = await NestFactory.create<NestFastifyApplication>(ScannerRunnerModule.forRuntime(runtime), new FastifyAdapter({ bodyLimit: 16 * 1024 * 1024 }), { logger: false });
  app.useGlobalFilters(new ScannerErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'scanner runner listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
