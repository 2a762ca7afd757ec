import { Client } from 'pg';
import { createTestDataSource, uniqueName, type TestDataSource } from '@tollgate/testing';
import { PostgresRoleEngine } from './postgres-role.engine';

describe(PostgresRoleEngine.name, () => {
  let db: TestDataSource;
  let engine: PostgresRoleEngine;
  const schema = uniqueName('roles');

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: [] });
    await db.dataSource.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.devices (id int PRIMARY KEY); INSERT INTO ${schema}.devices VALUES (1)`);
    engine = new PostgresRoleEngine(db.url, { reader: { grants: [{ privileges: ['USAGE'], schemas: [schema] }, { privileges: ['SELECT'], tables: [`${schema}.devices`] }] } });
  });
  afterAll(async () => {
    await engine.close();
    await db.dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.destroy();
  });

  const canRead = async (username: string, password: string): Promise<boolean> => {
    const url = new URL(db.url);
    url.username = username;
    url.password = password;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query(`SELECT id FROM ${schema}.devices`)).rowCount === 1;
    } finally {
      await client.end();
    }
  };

  it('leases and revokes for many builds at once: grants on the same table do not collide', async () => {
    // Without serialising the DDL, Postgres fails most of these with "tuple concurrently updated".
    const first = await Promise.all(Array.from({ length: 8 }, () => engine.lease('reader', 300)));
    const [second] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, () => engine.lease('reader', 300))),
      Promise.all(first.map((lease) => engine.revoke(lease.leaseId))),
    ]);
    for (const lease of second) expect(await canRead(lease.data.username, lease.data.password)).toBe(true);
    await Promise.all(second.map((lease) => engine.revoke(lease.leaseId)));
    const left = (await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ANY($1)`, [[...first, ...second].map((l) => l.data.username)])) as { n: number }[];
    expect(left[0].n).toBe(0);
  });
});
