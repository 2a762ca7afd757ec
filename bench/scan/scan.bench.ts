// Scan benchmark, three parts, each beside a baseline measured in the same run:
// 1. iac: scanIacFiles over a generated tree of Terraform and Kubernetes files vs parsing alone;
// 2. osv: matchComponents against a large OSV database vs a naive linear match;
// 3. rematch: one new advisory against every stored SBOM (the goal: under a second) vs a full-scan query.
//   npm run bench:scan                                  (full sizes; the SBOM fill takes a few minutes)
//   npm run bench:scan -- --sboms 1000 --advisories 5000 --components 2000   (a quick run)
// Options: --files 2000 --advisories 50000 --components 10000 --naive-components 1000 --rounds 3
//          --sboms 10000 --components-per-sbom 1000 --rematch-advisories 40 --parts iac,osv,rematch
// Postgres: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tollgate_bench), a throwaway schema.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDataSource, dropSchema, ensureDatabase, ensureSchema } from '@tollgate/persistence';
import { SBOM_STORE_MIGRATIONS } from '@tollgate/sbom-store';
import { benchIac, type IacFigures } from './iac-bench';
import { benchOsv, type OsvFigures } from './osv-bench';
import { benchRematch, type RematchFigures } from './rematch-bench';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_bench';
const PARTS = ['iac', 'osv', 'rematch'] as const;

function options() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '2000' },
      advisories: { type: 'string', default: '50000' },
      components: { type: 'string', default: '10000' },
      'naive-components': { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '3' },
      sboms: { type: 'string', default: '10000' },
      'components-per-sbom': { type: 'string', default: '1000' },
      'rematch-advisories': { type: 'string', default: '40' },
      parts: { type: 'string', default: PARTS.join(',') },
    },
  });
  const int = (name: keyof typeof values): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(values[name])}`);
    return n;
  };
  const parts = values.parts.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`--parts takes ${PARTS.join(', ')}; got ${unknown.join(', ')}`);
  return {
    files: int('files'),
    advisories: int('advisories'),
    components: int('components'),
    naiveComponents: int('naive-components'),
    rounds: int('rounds'),
    sboms: int('sboms'),
    componentsPerSbom: int('components-per-sbom'),
    rematchAdvisories: int('rematch-advisories'),
    parts: new Set(parts),
  };
}

async function rematch(opts: ReturnType<typeof options>): Promise<RematchFigures> {
  await ensureDatabase(DB_URL);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await ensureSchema(DB_URL, schema);
  const ds = createDataSource({ url: DB_URL, schema, entities: [], migrations: SBOM_STORE_MIGRATIONS });
  try {
    await ds.initialize();
    await ds.runMigrations();
    console.log(`rematch: filling ${opts.sboms} SBOMs x ${opts.componentsPerSbom} components (minutes at full size)…`);
    return await benchRematch(ds, { sboms: opts.sboms, componentsPerSbom: opts.componentsPerSbom, advisories: opts.rematchAdvisories });
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await dropSchema(DB_URL, schema);
  }
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (x: number): string => (x >= 1000 ? `${n(x / 1000, 2)} s` : `${n(x, x < 10 ? 2 : 1)} ms`);

function printTable(iac?: IacFigures, osv?: OsvFigures, re?: RematchFigures): void {
  const rows: string[][] = [['part', 'ours', 'baseline (same run)', 'ratio']];
  if (iac) rows.push([`iac: ${n(iac.files)} .tf/.yaml files`, `${n(iac.oursFilesPerSecond)} files/s (all rules)`, `${n(iac.parseFilesPerSecond)} files/s (parsing alone)`, `${n(iac.oursFilesPerSecond / iac.parseFilesPerSecond, 2)}x of parse speed`]);
  if (osv) rows.push([`osv: ${n(osv.components)} components x ${n(osv.advisories)} advisories`, `${n(osv.oursComponentsPerSecond)} components/s`, `${n(osv.naiveComponentsPerSecond)} components/s (linear)`, `${n(osv.oursComponentsPerSecond / osv.naiveComponentsPerSecond, 0)}x faster`]);
  if (re) {
    rows.push([`rematch: 1 advisory vs ${n(re.rows)} component rows`, `p50 ${ms(re.oursP50Ms)}, p99 ${ms(re.oursP99Ms)}`, `p50 ${ms(re.baselineP50Ms)}, p99 ${ms(re.baselineP99Ms)} (full scan)`, `${n(re.baselineP50Ms / re.oursP50Ms, 0)}x faster (p50)`]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n${rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n')}`);
  if (re) console.log(`goal: re-match one new advisory against every stored SBOM in < 1 s (p99): ${re.oursP99Ms < 1000 ? 'met' : 'NOT met'} (${ms(re.oursP99Ms)})`);
}

async function main(): Promise<void> {
  const opts = options();
  let iac: IacFigures | undefined;
  let osv: OsvFigures | undefined;
  let re: RematchFigures | undefined;
  if (opts.parts.has('iac')) {
    iac = await benchIac({ files: opts.files, rounds: opts.rounds });
    console.log(`iac (${iac.files} files, ${iac.findings} findings, medians of ${opts.rounds} rounds after a warm-up):`);
    console.log(`  scanIacFiles          : ${n(iac.oursFilesPerSecond)} files/s`);
    console.log(`  parse only (hcl2json + yaml): ${n(iac.parseFilesPerSecond)} files/s`);
  }
  if (opts.parts.has('osv')) {
    osv = await benchOsv({ advisories: opts.advisories, components: opts.components, naiveComponents: opts.naiveComponents, rounds: opts.rounds });
    console.log(`osv (${n(osv.components)} components, ${n(osv.advisories)} advisories loaded in ${ms(osv.loadMs)}, ${n(osv.matches)} matches; medians of ${opts.rounds} rounds):`);
    console.log(`  matchComponents       : ${n(osv.oursComponentsPerSecond)} components/s`);
    console.log(`  naive linear match    : ${n(osv.naiveComponentsPerSecond)} components/s (timed on ${n(osv.naiveComponents)} components)`);
    console.log(`  same matches on those : ${osv.agree ? 'yes' : 'NO'}`);
  }
  if (opts.parts.has('rematch')) {
    re = await rematch(opts);
    console.log(`rematch (${re.advisories} advisories, half on a core package, half on a rare one; ${n(re.rows)} component rows):`);
    console.log(`  index + matchAdvisory : p50 ${ms(re.oursP50Ms)}, p99 ${ms(re.oursP99Ms)}`);
    console.log(`  full-scan + same check: p50 ${ms(re.baselineP50Ms)}, p99 ${ms(re.baselineP99Ms)}`);
    console.log(`  artifacts hit (p50)   : ${n(re.hitsCoreP50)} for a core package, ${n(re.hitsRareP50)} for a rare one; same artifacts both ways: ${re.agree ? 'yes' : 'NO'}`);
  }
  printTable(iac, osv, re);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
