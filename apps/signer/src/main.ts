import 'reflect-metadata';
// Telemetry first, so every module loaded after records into the same providers.
import { telemetry } from './telemetry.init';
import { ConfigError, describeConfig } from '@tollgate/config';
import { startSigner } from './bootstrap';
import { SIGNER_ENV, loadSignerConfig } from './signer.config';

async function main(): Promise<void> {
  const config = loadSignerConfig();
  process.stdout.write(`${JSON.stringify({ msg: 'signer config', config: describeConfig(SIGNER_ENV, config) })}\n`);
  const signer = await startSigner(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void signer.close().then(() => telemetry.shutdown()).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`signer: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
