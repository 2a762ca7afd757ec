import 'reflect-metadata';
// Telemetry first, so every module loaded after records into the same providers.
import { telemetry } from './telemetry.init';
import { ConfigError, describeConfig } from '@tollgate/config';
import { startSbomBuilder } from './bootstrap';
import { SBOM_BUILDER_ENV, loadSbomBuilderConfig } from './sbom-builder.config';

async function main(): Promise<void> {
  const config = loadSbomBuilderConfig();
  process.stdout.write(`${JSON.stringify({ msg: 'sbom-builder config', config: describeConfig(SBOM_BUILDER_ENV, config) })}\n`);
  const builder = await startSbomBuilder(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void builder.close().then(() => telemetry.shutdown()).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sbom-builder: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
