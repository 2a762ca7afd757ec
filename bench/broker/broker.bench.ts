// Broker benchmark: lease-and-revoke cycles through the broker with the
// embedded backend against the bare SQL of the same role's life, and
// transit-style signatures against raw crypto.sign with the same key, same run.
//   npm run bench:broker      (BENCH_LEASE_N=200, BENCH_SIGN_N=2000, BENCH_ROUNDS=3)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, generateKeyEncryptionKey, loadKeyEncryptionKey, type KeyEncryptionKey } from '@tollgate/credentials';
import { createDataSource, dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';
import { startTestIssuer } from '@tollgate/testing';
import { benchLeaseCycle } from './lease-cycle';
import { benchTransitSign } from './transit-sign';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_bench';
const LEASE_N = Number(process.env.BENCH_LEASE_N ?? 200);
const SIGN_N = Number(process.env.BENCH_SIGN_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const dataSource = createDataSource({ url: DB_URL, schema, entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
  const issuer = await startTestIssuer('tollgate-broker');
  const kek: KeyEncryptionKey = loadKeyEncryptionKey({ env: generateKeyEncryptionKey() });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    console.log(`broker bench: lease cycles N=${LEASE_N}, signatures N=${SIGN_N}, ${ROUNDS} alternating rounds, medians; db=${new URL(DB_URL).pathname.slice(1)}`);
    const lease = await benchLeaseCycle(dataSource, DB_URL, kek, issuer, { n: LEASE_N, rounds: ROUNDS });
    console.log(
      `lease+revoke : broker ${lease.oursPerSecond.toFixed(0)} cycles/s, bare SQL ${lease.rawPerSecond.toFixed(0)} cycles/s, ratio ${(lease.oursPerSecond / lease.rawPerSecond).toFixed(2)}x`,
    );
    for (const figures of await benchTransitSign(dataSource, kek, { n: SIGN_N, rounds: ROUNDS })) {
      console.log(
        `sign ${figures.keyType.padEnd(10)}: transit ${figures.oursPerSecond.toFixed(0)} sig/s, raw crypto.sign ${figures.rawPerSecond.toFixed(0)} sig/s, ratio ${(figures.oursPerSecond / figures.rawPerSecond).toFixed(2)}x`,
      );
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await issuer.close();
    await dropSchema(DB_URL, schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
