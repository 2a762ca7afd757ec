import { parseArgs } from 'node:util';
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

/** One service's migrations into a schema of the caller's choosing (tests give each run its own). */
export async function migrateService(databaseUrl: string, name: string, schema?: string): Promise<string[]> {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`unknown service ${JSON.stringify(name)} (known: ${SERVICES.map((s) => s.name).join(', ')})`);
  return migrate({ url: databaseUrl, schema: schema ?? service.schema, entities: service.entities, migrations: service.migrations });
}

// `npm run migrate` (every service), or `tools/migrate.ts --service <name> [--schema <schema>]`.
if (require.main === module) {
  const config = loadConfig({ DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate') });
  const { values } = parseArgs({ options: { service: { type: 'string' }, schema: { type: 'string' } } });
  const run = values.service
    ? migrateService(config.DATABASE_URL, values.service, values.schema).then((applied) => console.log(`[tollgate] migrate ${values.service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`))
    : migrateAll(config.DATABASE_URL);
  run.catch((error: Error) => {
    console.error(`[tollgate] migrate failed: ${error.message}`);
    process.exit(1);
  });
}
