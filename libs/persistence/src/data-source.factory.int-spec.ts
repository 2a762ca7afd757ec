import { randomBytes } from 'node:crypto';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createDataSource, dropSchema, ensureDatabase, migrate } from './index';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_test';

@Entity({ name: 'widget' })
class WidgetEntity {
  @PrimaryColumn('text') id!: string;
  @Column('int') size!: number;
}

class CreateWidget1763769600001 implements MigrationInterface {
  name = 'CreateWidget1763769600001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE widget (id text PRIMARY KEY, size int NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE widget');
  }
}

describe(migrate.name, () => {
  const schema = `t_persist_${randomBytes(4).toString('hex')}`;
  const options = { url, schema, entities: [WidgetEntity], migrations: [CreateWidget1763769600001] };

  beforeAll(() => ensureDatabase(url));
  afterAll(() => dropSchema(url, schema));

  it('applies pending migrations once and confines tables to the app schema', async () => {
    expect(await migrate(options)).toEqual(['CreateWidget1763769600001']);
    expect(await migrate(options)).toEqual([]);

    const ds = createDataSource(options);
    await ds.initialize();
    try {
      await ds.getRepository(WidgetEntity).save({ id: 'a', size: 3 });
      const rows: { table_schema: string }[] = await ds.query(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'widget' AND table_schema = $1",
        [schema],
      );
      expect(rows).toEqual([{ table_schema: schema }]);
      expect(await ds.getRepository(WidgetEntity).findOneByOrFail({ id: 'a' })).toEqual({ id: 'a', size: 3 });
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createDataSource({ ...options, schema: 'x; DROP TABLE y' })).toThrow('schema name "x; DROP TABLE y" must match');
  });
});
