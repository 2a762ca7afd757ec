// SBOM benchmark, two parts, each beside a baseline measured in the same run:
// 1. build: `tollgate sbom build` vs @cyclonedx/cyclonedx-npm (wall, peak RSS) vs the lockfile-parse floor;
// 2. query: "which artifacts contain X in range R" on an index of many SBOMs vs the bare indexed SELECT.
//   npm run bench:sbom      (BENCH_ROUNDS=3, BENCH_SBOMS=10000, BENCH_COMPONENTS=1000, BENCH_QUERIES=500)
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareLargeNpmTree } from '../../libs/sbom/src/lockfiles/npm/testing/large-npm-tree';
import { cleanupMeasurements } from './measure-process';
import { benchSbomBuild } from './sbom-build';
import { runQueryBench } from './query-bench-main';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'tollgate-sbom-bench-'));
  try {
    console.log('sbom bench: preparing the large npm tree (cached after the first run)…');
    const tree = await prepareLargeNpmTree();
    const b = await benchSbomBuild(tree, ROUNDS, out);
    const f = (x: number): string => x.toFixed(0);
    console.log(`build (medians of ${ROUNDS}, fresh Node process each):`);
    console.log(`  tollgate sbom build  : ${f(b.ours.wallMs)} ms, peak ${f(b.ours.maxRssMb)} MB`);
    console.log(`  cyclonedx-npm        : ${f(b.cyclonedxNpm.wallMs)} ms, peak ${f(b.cyclonedxNpm.maxRssMb)} MB (its npm ls child not counted)`);
    console.log(`  parse floor          : ${f(b.parseFloor.wallMs)} ms, peak ${f(b.parseFloor.maxRssMb)} MB`);
    console.log(`  speed-up vs cyclonedx-npm: ${(b.cyclonedxNpm.wallMs / b.ours.wallMs).toFixed(1)}x (goal >= 5x)`);
    console.log(`  ours / parse floor       : ${(b.ours.wallMs / b.parseFloor.wallMs).toFixed(1)}x (goal <= 3x)`);
    await runQueryBench();
  } finally {
    cleanupMeasurements();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
