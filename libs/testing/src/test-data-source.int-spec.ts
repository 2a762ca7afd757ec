import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDataSource } from './test-data-source';

class CreateThing1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE thing (id int PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE thing`);
  }
}

async function schemaExists(url: string, schema: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    return r.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe(createTestDataSource.name, () => {
  it('runs the migrations in a fresh schema and drops it on destroy', async () => {
    const db = await createTestDataSource({ entities: [], migrations: [CreateThing1700000000000] });
    await db.dataSource.query(`INSERT INTO thing (id) VALUES (1)`);
    const rows = (await db.dataSource.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'thing' AND table_schema = $1`, [db.schema])) as unknown[];
    expect(rows).toHaveLength(1);
    await db.destroy();
    expect(await schemaExists(db.url, db.schema)).toBe(false);
  });

  it('gives parallel callers different schemas', async () => {
    const [a, b] = await Promise.all([
      createTestDataSource({ entities: [], migrations: [CreateThing1700000000000] }),
      createTestDataSource({ entities: [], migrations: [CreateThing1700000000000] }),
    ]);
    try {
      expect(a.schema).not.toBe(b.schema);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});
