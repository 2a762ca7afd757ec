import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { SbomBuilderConfig } from './sbom-builder.config';
import { SbomBuilderModule } from './sbom-builder.module';
import { SbomBuilderRuntime } from './sbom-builder.runtime';
import { SbomErrorFilter } from './http/sbom-error.filter';

export interface RunningSbomBuilder {
  app: NestFastifyApplication;
  runtime: SbomBuilderRuntime;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the SBOM builder; used by main.ts and by the end-to-end tests alike. */
export async function startSbomBuilder(
  config: SbomBuilderConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningSbomBuilder> {
  const logger = createLogger('sbom-builder', config.LOG_LEVEL, logDestination);
  const runtime = await SbomBuilderRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  const app = await NestFactory.create<NestFastifyApplication>(SbomBuilderModule.forRuntime(runtime), new FastifyAdapter({ bodyLimit: 64 * 1024 }), { logger: false });
  app.useGlobalFilters(new SbomErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'sbom builder listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
