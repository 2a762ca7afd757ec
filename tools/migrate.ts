import { envVar, loadConfig } from '@tollgate/config';
import { migrate } from '@tollgate/persistence';
import { SERVICES } from './service-catalogue';

/** `npm run migrate`: applies every service's pending migrations in its own schema. */
export async function migrateAll(databaseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  for (const service of SERVICES) {
    const applied = await migrate({ url: databaseUrl, schema: service.schema, entities: service.entities, migrations: service.migrations });
    log(`[tollgate] migrate ${service.name} (schema ${service.schema}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
}

if (require.main === module) {
  const config = loadConfig({ DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate') });
  migrateAll(config.DATABASE_URL).catch((error: Error) => {
    console.error(`[tollgate] migrate failed: ${error.message}`);
    process.exit(1);
  });
}
