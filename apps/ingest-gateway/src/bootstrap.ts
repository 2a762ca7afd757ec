import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { GatewayConfig } from './gateway.config';
import { IngestGatewayModule } from './gateway.module';
import { GatewayRuntime } from './gateway.runtime';
import { IngestErrorFilter } from './http/ingest-error.filter';

export interface RunningGateway {
  app: NestFastifyApplication;
  runtime: GatewayRuntime;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the gateway; used by main.ts and by the end-to-end tests alike. */
export async function startIngestGateway(config: GatewayConfig, telemetry?: Telemetry): Promise<RunningGateway> {
  const logger = createLogger('ingest-gateway', config.LOG_LEVEL);
  const runtime = await GatewayRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;

  const adapter = new FastifyAdapter({ bodyLimit: config.INGEST_MAX_BODY_BYTES });
  // Signatures are over the exact bytes received, so every body stays a raw Buffer until a use case parses it.
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const app = await NestFactory.create<NestFastifyApplication>(IngestGatewayModule.forRuntime(runtime), adapter, { logger: false, bodyParser: false });
  app.useGlobalFilters(new IngestErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'ingest gateway listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
