import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { SignerConfig } from './signer.config';
import { SignerModule } from './signer.module';
import { SignerRuntime } from './signer.runtime';
import { SignerErrorFilter } from './http/signer-error.filter';

export interface RunningSigner {
  app: NestFastifyApplication;
  runtime: SignerRuntime;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the signer; used by main.ts and by the end-to-end tests alike. */
export async function startSigner(
  config: SignerConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningSigner> {
  const logger = createLogger('signer', config.LOG_LEVEL, logDestination);
  const runtime = await SignerRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  const app = await NestFactory.create<NestFastifyApplication>(SignerModule.forRuntime(runtime), new FastifyAdapter({ bodyLimit: 64 * 1024 }), { logger: false });
  app.useGlobalFilters(new SignerErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'signer listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
