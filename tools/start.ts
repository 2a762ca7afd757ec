import { envVar, loadConfig } from '@tollgate/config';
import { startLocalStack } from './local-stack';
import { ensureDemoInventory, ensureLocalBroker } from './local-broker';
import { ensureLocalSources } from './local-sources';
import { ensureLocalTrustPolicy } from './local-policy';
import { migrateAll } from './migrate';

/** `npm start`: migrations first, then every app of the stack, until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
    NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
    PORT: envVar.port(8080),
    INGEST_SOURCES_FILE: envVar.optionalPath(),
    BROKER_ROLES_FILE: envVar.optionalPath(),
    BROKER_PORT: envVar.port(8081),
    SBOM_PORT: envVar.port(8082),
    SIGNER_PORT: envVar.port(8083),
    SCANNER_PORT: envVar.port(8084),
    POLICY_PORT: envVar.port(8085),
    SBOM_SUPPORT_POLICY_FILE: envVar.optionalPath(),
  });
  await migrateAll(config.DATABASE_URL);
  const sourcesFile = config.INGEST_SOURCES_FILE ?? (await ensureLocalSources()).sourcesFile;
  const broker = await ensureLocalBroker();
  const trustPolicy = await ensureLocalTrustPolicy(config.DATABASE_URL, process.env.BROKER_KEK ? { env: process.env.BROKER_KEK } : { file: broker.kekFile });
  await ensureDemoInventory(config.DATABASE_URL);
  const stack = await startLocalStack({
    DATABASE_URL: config.DATABASE_URL,
    NATS_URL: config.NATS_URL,
    PORT: String(config.PORT),
    INGEST_SOURCES_FILE: sourcesFile,
    BROKER_PORT: String(config.BROKER_PORT),
    SBOM_PORT: String(config.SBOM_PORT),
    SIGNER_PORT: String(config.SIGNER_PORT),
    SCANNER_PORT: String(config.SCANNER_PORT),
    POLICY_PORT: String(config.POLICY_PORT),
    POLICY_TRUST_POLICY_FILE: trustPolicy,
    POLICY_WORKLOAD_TOKEN_FILE: broker.policyEngineTokenFile,
    SIGNER_WORKLOAD_TOKEN_FILE: broker.signerTokenFile,
    ...(config.SBOM_SUPPORT_POLICY_FILE ? { SBOM_SUPPORT_POLICY_FILE: config.SBOM_SUPPORT_POLICY_FILE } : {}),
    BROKER_ROLES_FILE: config.BROKER_ROLES_FILE ?? broker.rolesFile,
    // A KEK given in the environment (BROKER_KEK) wins over the generated file.
    ...(process.env.BROKER_KEK ? {} : { BROKER_KEK_FILE: broker.kekFile }),
  });
  for (const [name, url] of Object.entries(stack.urls)) console.log(`[tollgate] ${name} ready at ${url}`);
  console.log('[tollgate] stack running; Ctrl-C stops it');
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const crashed = await stack.exited;
  if (stopping) return;
  console.error(`[tollgate] ${crashed.name} exited with code ${crashed.code}; stopping the stack`);
  await stack.stop();
  process.exit(1);
}

main().catch((error: Error) => {
  console.error(`[tollgate] start failed: ${error.message}`);
  process.exit(1);
});
