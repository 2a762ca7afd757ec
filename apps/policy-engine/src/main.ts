import 'reflect-metadata';
// Telemetry first, so every module loaded after records into the same providers.
import { telemetry } from './telemetry.init';
import { ConfigError, describeConfig } from '@tollgate/config';
import { startPolicyEngine } from './bootstrap';
import { POLICY_ENGINE_ENV, loadPolicyEngineConfig } from './policy-engine.config';

async function main(): Promise<void> {
  const config = loadPolicyEngineConfig();
  process.stdout.write(`${JSON.stringify({ msg: 'policy-engine config', config: describeConfig(POLICY_ENGINE_ENV, config) })}\n`);
  const engine = await startPolicyEngine(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void engine.close().then(() => telemetry.shutdown()).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`policy-engine: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
