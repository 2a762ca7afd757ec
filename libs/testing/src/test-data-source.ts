import type { DataSource, MixedList } from 'typeorm';
import { createDataSource, dropSchema, ensureSchema } from '@tollgate/persistence';
import { testDatabaseUrl, uniqueName } from './test-infra';

export interface TestDataSource {
  dataSource: DataSource;
  schema: string;
  url: string;
  /** Closes the pool and drops the schema. */
  destroy(): Promise<void>;
}

/** A data source on a fresh schema of the test database, migrations applied. */
export async function createTestDataSource(options: {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  poolSize?: number;
}): Promise<TestDataSource> {
  const url = await testDatabaseUrl();
  const schema = uniqueName('test');
  await ensureSchema(url, schema);
  const dataSource = createDataSource({ url, schema, entities: options.entities, migrations: options.migrations, poolSize: options.poolSize });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropSchema(url, schema);
    throw error;
  }
  return {
    dataSource,
    schema,
    url,
    async destroy() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropSchema(url, schema);
    },
  };
}
