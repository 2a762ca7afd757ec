import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { Client } from 'pg';

export interface DataSourceOptions {
  /** postgres://user[:password]@host:port/database */
  url: string;
  /** The app's own schema; every connection's search_path starts with it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logging?: boolean;
  poolSize?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) throw new Error(`schema name "${schema}" must match ${IDENTIFIER.source}`);
}

/**
 * One TypeORM data source per app, confined to the app's schema through
 * search_path so migrations and queries use unqualified names. Migrations run
 * as an explicit step (`runMigrations`), never implicitly by every replica.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  assertSchemaName(options.schema);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: options.logging ?? false,
    extra: {
      options: `-c search_path=${options.schema}`,
      max: options.poolSize ?? 10,
    },
  });
}

async function withAdminClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensureSchema(url: string, schema: string): Promise<void> {
  assertSchemaName(schema);
  await withAdminClient(url, (c) => c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  assertSchemaName(schema);
  await withAdminClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** Creates the database named in `url` when it does not exist yet (connects to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`database name "${name}" is not a plain identifier`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return withAdminClient(admin.toString(), async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await c.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // A concurrent creator won the race: the database exists, which is all we need.
      if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
    }
    return true;
  });
}

/** Ensures database and schema exist, then applies pending migrations; returns their names. */
export async function migrate(options: DataSourceOptions): Promise<string[]> {
  await ensureDatabase(options.url);
  await ensureSchema(options.url, options.schema);
  const ds = createDataSource(options);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
