import type { DestinationStream } from 'pino';
import { serveRuntime, type RunningService } from '@tollgate/service-host';
import { createLogger, type Telemetry } from '@tollgate/telemetry';
import type { PolicyEngineConfig } from './policy-engine.config';
import { PolicyEngineModule } from './policy-engine.module';
import { PolicyEngineRuntime } from './policy-engine.runtime';
import { PolicyErrorFilter } from './http/policy-error.filter';

export type RunningPolicyEngine = RunningService<PolicyEngineRuntime>;

/** Builds and starts the policy engine; used by main.ts and by the end-to-end tests alike. */
export async function startPolicyEngine(
  config: PolicyEngineConfig,
  { telemetry, logDestination }: { telemetry?: Telemetry; logDestination?: DestinationStream } = {},
): Promise<RunningPolicyEngine> {
  const logger = createLogger('policy-engine', config.LOG_LEVEL, logDestination);
  const runtime = await PolicyEngineRuntime.create(config, logger);
  if (telemetry) runtime.metricsHandler = telemetry.metricsHandler;
  return serveRuntime({
    name: 'policy-engine',
    runtime,
    module: PolicyEngineModule.forRuntime(runtime),
    filter: new PolicyErrorFilter(logger),
    port: config.PORT,
    host: config.HOST,
    // A dry run carries whole evidence: an SBOM of thousands of components.
    bodyLimit: 8 * 1024 * 1024,
    logger,
  });
}
