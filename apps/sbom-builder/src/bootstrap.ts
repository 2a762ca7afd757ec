import type { DestinationStream } from 'pino';
import { serveRuntime, type RunningService } from '@tollgate/service-host';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { SbomBuilderConfig } from './sbom-builder.config';
import { SbomBuilderModule } from './sbom-builder.module';
import { SbomBuilderRuntime } from './sbom-builder.runtime';
import { SbomErrorFilter } from './http/sbom-error.filter';

export type RunningSbomBuilder = RunningService<SbomBuilderRuntime>;

/** Builds and starts the SBOM builder; used by main.ts and by the end-to-end tests alike. */
export async function startSbomBuilder(
  config: SbomBuilderConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningSbomBuilder> {
  const logger = createLogger('sbom-builder', config.LOG_LEVEL, logDestination);
  const runtime = await SbomBuilderRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  return serveRuntime({
    name: 'sbom-builder',
    runtime,
    module: SbomBuilderModule.forRuntime(runtime),
    filter: new SbomErrorFilter(logger),
    port: config.PORT,
    host: config.HOST,
    bodyLimit: 64 * 1024,
    logger,
  });
}
