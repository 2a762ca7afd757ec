import type { DestinationStream } from 'pino';
import { serveRuntime, type RunningService } from '@tollgate/service-host';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { SignerConfig } from './signer.config';
import { SignerModule } from './signer.module';
import { SignerRuntime } from './signer.runtime';
import { SignerErrorFilter } from './http/signer-error.filter';

export type RunningSigner = RunningService<SignerRuntime>;

/** Builds and starts the signer; used by main.ts and by the end-to-end tests alike. */
export async function startSigner(
  config: SignerConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningSigner> {
  const logger = createLogger('signer', config.LOG_LEVEL, logDestination);
  const runtime = await SignerRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  return serveRuntime({
    name: 'signer',
    runtime,
    module: SignerModule.forRuntime(runtime),
    filter: new SignerErrorFilter(logger),
    port: config.PORT,
    host: config.HOST,
    bodyLimit: 64 * 1024,
    logger,
  });
}
