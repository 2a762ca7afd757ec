import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { BrokerConfig } from './broker.config';
import { CredentialBrokerModule } from './broker.module';
import { BrokerRuntime } from './broker.runtime';
import { BrokerErrorFilter } from './http/broker-error.filter';

/** Base64 of the largest input a caller may ask the broker to sign, plus JSON. */
export const TRANSIT_SIGN_BODY_LIMIT = 32 * 1024 * 1024;

export interface RunningBroker {
  app: NestFastifyApplication;
  runtime: BrokerRuntime;
  url: string;
  close(): Promise<void>;
}

function httpsOptions(config: BrokerConfig): { cert: Buffer; key: Buffer } | undefined {
  if (!config.TLS_CERT_FILE !== !config.TLS_KEY_FILE) throw new Error('set both TLS_CERT_FILE and TLS_KEY_FILE, or neither');
  return config.TLS_CERT_FILE ? { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE!) } : undefined;
}

/** Builds and starts the broker; used by main.ts and by the end-to-end tests alike. */
export async function startCredentialBroker(
  config: BrokerConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningBroker> {
  const logger = createLogger('credential-broker', config.LOG_LEVEL, logDestination);
  const https = httpsOptions(config);
  const runtime = await BrokerRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  const adapter = new FastifyAdapter({ bodyLimit: 256 * 1024, ...(https && { https }) });
  // What is signed can be large (an SBOM attestation of thousands of components), and the
  // broker must see it whole: transit signing takes up to 32 MiB, Vault's own request limit.
  adapter.getInstance().addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1/transit/sign/')) route.bodyLimit = TRANSIT_SIGN_BODY_LIMIT;
  });
  const app = await NestFactory.create<NestFastifyApplication>(CredentialBrokerModule.forRuntime(runtime), adapter, { logger: false });
  app.useGlobalFilters(new BrokerErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `${https ? 'https' : 'http'}://127.0.0.1:${port}`;
  logger.info({ url, backend: config.SECRETS_BACKEND }, 'credential broker listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
