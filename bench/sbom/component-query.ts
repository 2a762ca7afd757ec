// "Which of our artifacts contain X?" at scale: SbomStore.findArtifactsContaining (purl and
// range parsed, versions filtered by the ecosystem's ordering, rows joined to their documents
// and environments) against the bare index lookup `SELECT … WHERE purl_base = $1`, same run,
// same purls, alternating. Half the queries ask for a core package (in half of all SBOMs),
// half for a rare one (in a handful), each with an "affected below the fix" range.
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { SbomStore } from '@tollgate/sbom-store';
import { fillComponentIndex, type BenchPackage } from './component-fill';

export interface ComponentQueryFigures {
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** Component rows in the index. */
  rows: number;
}

const WARM_UP = 20;

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** A query a security reviewer would run: the package, affected below its fourth version (the "fix"). */
function queryFor(pkg: BenchPackage): { purl: string; range: string } {
  return { purl: pkg.purlBase, range: pkg.id === 0 ? '<2.17.1' : `<${pkg.versions[3]}` };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Fills the store's (empty, migrated) tables in `dataSource` with `sboms` × `componentsPerSbom`
 * components, then times `queries` lookups each way. Prints nothing: the caller reports.
 */
export async function benchComponentQuery(dataSource: DataSource, opts: { sboms: number; componentsPerSbom: number; queries: number }): Promise<ComponentQueryFigures> {
  const pool = await fillComponentIndex(dataSource, opts);
  // Sets the visibility map too, so the version lookup is an index-only scan as it is once autovacuum has run.
  await dataSource.query('VACUUM ANALYZE sbom_document, sbom_component, artifact_environment');
  const [{ rows }] = (await dataSource.query('SELECT count(*)::int AS rows FROM sbom_component')) as { rows: number }[];

  const core = pool.filter((p) => p.tier === 'core');
  const rare = pool.filter((p) => p.tier === 'rare');
  // A fixed-seed walk, so two runs ask the same questions.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const picks = Array.from({ length: opts.queries + WARM_UP }, (_, i) => {
    const from = i % 2 ? rare : core;
    return queryFor(i === WARM_UP ? core[0] : from[next() % from.length]);
  });

  const store = new SbomStore();
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const [i, { purl, range }] of picks.entries()) {
    const runOurs = () => store.findArtifactsContaining(dataSource.manager, purl, range);
    const runBaseline = () => dataSource.query('SELECT version, sbom_sha256 FROM sbom_component WHERE purl_base = $1', [purl]);
    // Alternate which goes first, so neither always finds the other's pages warm.
    let oursMs: number;
    let baselineMs: number;
    if (i % 2) {
      oursMs = await timed(runOurs);
      baselineMs = await timed(runBaseline);
    } else {
      baselineMs = await timed(runBaseline);
      oursMs = await timed(runOurs);
    }
    if (i < WARM_UP) continue;
    ours.push(oursMs);
    baseline.push(baselineMs);
  }
  return {
    p50Ms: round(percentile(ours, 50)),
    p99Ms: round(percentile(ours, 99)),
    baselineP50Ms: round(percentile(baseline, 50)),
    baselineP99Ms: round(percentile(baseline, 99)),
    rows,
  };
}
