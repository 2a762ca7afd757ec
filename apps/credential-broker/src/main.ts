import 'reflect-metadata';
// Telemetry first, so every module loaded after records into the same providers.
import { telemetry } from './telemetry.init';
import { ConfigError, describeConfig } from '@tollgate/config';
import { startCredentialBroker } from './bootstrap';
import { BROKER_ENV, loadBrokerConfig } from './broker.config';

async function main(): Promise<void> {
  const config = loadBrokerConfig();
  process.stdout.write(`${JSON.stringify({ msg: 'credential-broker config', config: describeConfig(BROKER_ENV, config) })}\n`);
  const broker = await startCredentialBroker(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void broker.close().then(() => telemetry.shutdown()).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`credential-broker: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
