import 'reflect-metadata';
// Telemetry first, so every module loaded after records into the same providers.
import { telemetry } from './telemetry.init';
import { ConfigError, describeConfig } from '@tollgate/config';
import { startScannerRunner } from './bootstrap';
import { SCANNER_RUNNER_ENV, loadScannerRunnerConfig } from './scanner-runner.config';

async function main(): Promise<void> {
  const config = loadScannerRunnerConfig();
  process.stdout.write(`${JSON.stringify({ msg: 'scanner-runner config', config: describeConfig(SCANNER_RUNNER_ENV, config) })}\n`);
  const runner = await startScannerRunner(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void runner.close().then(() => telemetry.shutdown()).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`scanner-runner: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
