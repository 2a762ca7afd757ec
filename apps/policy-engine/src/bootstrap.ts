import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { PolicyEngineConfig } from './policy-engine.config';
import { PolicyEngineModule } from './policy-engine.module';
import { PolicyEngineRuntime } from './policy-engine.runtime';
import { PolicyErrorFilter } from './http/policy-error.filter';

export interface RunningPolicyEngine {
  app: NestFastifyApplication;
  runtime: PolicyEngineRuntime;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the policy engine; used by main.ts and by the end-to-end tests alike. */
export async function startPolicyEngine(
  config: PolicyEngineConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningPolicyEngine> {
  const logger = createLogger('policy-engine', config.LOG_LEVEL, logDestination);
  const runtime = await PolicyEngineRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  // A dry run carries whole evidence: an SBOM of thousands of components.
  const app = await NestFactory.create<NestFastifyApplication>(PolicyEngineModule.forRuntime(runtime), new FastifyAdapter({ bodyLimit: 8 * 1024 * 1024 }), { logger: false });
  app.useGlobalFilters(new PolicyErrorFilter(logger));
  await app.listen(config.PORT, config.HOST);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'policy engine listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
