import type { DataSource } from 'typeorm';
import { BackendError, EmbeddedBackend, VaultBackend, loadKeyEncryptionKey, type BrokerRolesFile, type SecretsBackend, type TransitKeyType } from '@tollgate/credentials';
import type { Logger } from '@tollgate/telemetry';
import type { BrokerConfig } from './broker.config';

export interface ClosableBackend {
  close(): Promise<void>;
  /** Embedded only: database roles past expiry that no lease row covers. */
  expiredDatabaseLeases?(): Promise<string[]>;
}

export function createSecretsBackend(config: BrokerConfig, dataSource: DataSource, roles: BrokerRolesFile, logger: Logger): SecretsBackend & ClosableBackend {
  if (config.SECRETS_BACKEND === 'vault') {
    if (!config.VAULT_TOKEN) throw new Error('SECRETS_BACKEND=vault needs VAULT_TOKEN (the broker\'s own token; it is renewed while the broker runs)');
    const vault = new VaultBackend({ endpoint: config.VAULT_ADDR, token: config.VAULT_TOKEN, namespace: config.VAULT_NAMESPACE, kvMount: config.VAULT_KV_MOUNT });
    // Vault may be down at boot: the broker still starts, denies builds (fail closed) and reports not ready.
    vault.startTokenRenewal().catch((error: Error) => logger.warn({ err: error.message }, 'vault token lookup failed; renewal not scheduled'));
    return Object.assign(vault, { close: async () => vault.stop() });
  }
  const kek = loadKeyEncryptionKey({ file: config.BROKER_KEK_FILE, env: config.BROKER_KEK });
  return new EmbeddedBackend({ dataSource, adminUrl: config.EMBEDDED_DATABASE_ADMIN_URL, databaseRoles: roles.database_roles, kek });
}

/** Creates the configured transit keys that do not exist yet (never replaces one). */
export async function ensureSigningKeys(backend: SecretsBackend, spec: string, logger: Logger): Promise<void> {
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, type = 'ecdsa-p256'] = item.split(':');
    if (type !== 'ecdsa-p256' && type !== 'ed25519') throw new Error(`BROKER_SIGNING_KEYS: ${item}: type must be ecdsa-p256 or ed25519`);
    try {
      await backend.readKey(name);
    } catch (error) {
      if (!(error instanceof BackendError && error.kind === 'not-found')) throw error;
      await backend.createKey(name, type as TransitKeyType);
      logger.info({ key: name, type }, 'created transit signing key');
    }
  }
}
