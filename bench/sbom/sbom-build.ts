// SBOM build on one large real lockfile: `tollgate sbom build` against
// @cyclonedx/cyclonedx-npm on the installed tree, and against the floor of
// just parsing the lockfile in a fresh Node process. Same machine, same run.
import { join, resolve } from 'node:path';
import { measureNode, type ProcessFigures } from './measure-process';

const ROOT = resolve(__dirname, '..', '..');
const TOLLGATE = join(ROOT, 'tools', 'bin', 'tollgate.js');
const CYCLONEDX_NPM = join(ROOT, 'node_modules', '@cyclonedx', 'cyclonedx-npm', 'bin', 'cyclonedx-npm-cli.js');

export interface SbomBuildFigures {
  ours: ProcessFigures;
  cyclonedxNpm: ProcessFigures;
  parseFloor: ProcessFigures;
}

function median(xs: ProcessFigures[]): ProcessFigures {
  const by = (k: keyof ProcessFigures): number => [...xs].sort((a, b) => a[k] - b[k])[Math.floor(xs.length / 2)][k];
  return { wallMs: by('wallMs'), maxRssMb: by('maxRssMb') };
}

/** `tree` is the large project with node_modules installed (cyclonedx-npm needs it; ours reads only the lockfile). */
export async function benchSbomBuild(tree: string, rounds: number, outDir: string): Promise<SbomBuildFigures> {
  // The CLI runs from a bundle built on first use: build it before the clock starts.
  await measureNode([TOLLGATE, '--help']);
  const ours: ProcessFigures[] = [];
  const cdx: ProcessFigures[] = [];
  const floor: ProcessFigures[] = [];
  const lockfile = join(tree, 'package-lock.json');
  for (let round = 0; round < rounds; round++) {
    floor.push(await measureNode(['-e', `const l = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(lockfile)}, 'utf8')); let n = 0; for (const p in l.packages) n++;`]));
    ours.push(await measureNode([TOLLGATE, 'sbom', 'build', tree, '--out', join(outDir, 'ours.cdx.json')], { env: { SOURCE_DATE_EPOCH: '1767225600' } }));
    cdx.push(await measureNode([CYCLONEDX_NPM, '--output-format', 'JSON', '--spec-version', '1.6', '--output-file', join(outDir, 'cyclonedx-npm.cdx.json')], { cwd: tree }));
  }
  return { ours: median(ours), cyclonedxNpm: median(cdx), parseFloor: median(floor) };
}
