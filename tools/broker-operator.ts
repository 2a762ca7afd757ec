import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, CREDENTIALS_SCHEMA, loadKeyEncryptionKey, type KeyEncryptionKey } from '@tollgate/credentials';
import { envVar, loadConfig, sensitive } from '@tollgate/config';
import { createDataSource } from '@tollgate/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

/** What the operator tools say they read: the same settings as the broker. */
export const BROKER_OPERATOR_ENV_HELP = `Reads DATABASE_URL, BROKER_DATABASE_SCHEMA (default ${CREDENTIALS_SCHEMA}) and the KEK
(BROKER_KEK_FILE or BROKER_KEK), as the broker does.`;

/**
 * Runs `work` against the embedded backend's schema with its key-encryption key, as the broker
 * itself would open them: the operator tools (signing-key, broker-secret) act on what it serves.
 */
export async function withBrokerStore<T>(work: (dataSource: DataSource, kek: KeyEncryptionKey) => Promise<T>): Promise<T> {
  const config = loadConfig({
    DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
    BROKER_DATABASE_SCHEMA: envVar.identifier(CREDENTIALS_SCHEMA),
    BROKER_KEK_FILE: envVar.optionalPath(),
    BROKER_KEK: sensitive(z.string().min(1).optional()),
  });
  const kek = loadKeyEncryptionKey({ file: config.BROKER_KEK_FILE, env: config.BROKER_KEK });
  const dataSource = createDataSource({ url: config.DATABASE_URL, schema: config.BROKER_DATABASE_SCHEMA, entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
  await dataSource.initialize();
  try {
    return await work(dataSource, kek);
  } finally {
    await dataSource.destroy();
  }
}
