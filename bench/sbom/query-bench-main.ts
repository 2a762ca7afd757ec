// Component-query half: fill an index of many SBOMs in a throwaway schema, then time
// findArtifactsContaining (ours) against the bare indexed SELECT (baseline), same purls.
import { randomBytes } from 'node:crypto';
import { createDataSource, dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';
import { SBOM_STORE_MIGRATIONS } from '@tollgate/sbom-store';
import { benchComponentQuery } from './component-query';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_bench';

export async function runQueryBench(): Promise<void> {
  const sboms = Number(process.env.BENCH_SBOMS ?? 10_000);
  const componentsPerSbom = Number(process.env.BENCH_COMPONENTS ?? 1000);
  const queries = Number(process.env.BENCH_QUERIES ?? 500);
  await ensureDatabase(DB_URL);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const ds = createDataSource({ url: DB_URL, schema, entities: [], migrations: SBOM_STORE_MIGRATIONS });
  try {
    await ds.initialize();
    await ds.runMigrations();
    console.log(`query: filling ${sboms} SBOMs x ${componentsPerSbom} components (a few minutes)…`);
    const r = await benchComponentQuery(ds, { sboms, componentsPerSbom, queries });
    console.log(`query (${queries} queries over ${r.rows} component rows):`);
    console.log(`  findArtifactsContaining : p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (goal p99 < 50 ms)`);
    console.log(`  bare indexed SELECT     : p50 ${r.baselineP50Ms.toFixed(2)} ms, p99 ${r.baselineP99Ms.toFixed(2)} ms`);
    console.log(`  ratio p99 ours/baseline : ${(r.p99Ms / r.baselineP99Ms).toFixed(1)}x`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await dropSchema(DB_URL, schema);
  }
}
