// OSV matching at database scale: matchComponents over an OsvDatabase (one map lookup per
// component, ranges compiled once) against the naive linear walk of every advisory, same
// advisories, same components, same range semantics. The naive walk is timed on the first
// `naiveComponents` components (its cost is the same per component, it is just slow), and
// its matches are checked against ours on those components.
import { matchComponents, OsvDatabase } from '@tollgate/osv';
import { median, seededRandom, timedMs } from './bench-random';
import { naiveMatch } from './naive-osv-match';
import { generateAdvisories, generateComponents, osvPackagePool } from './osv-fixtures';

export interface OsvFigures {
  advisories: number;
  components: number;
  naiveComponents: number;
  matches: number;
  loadMs: number;
  oursComponentsPerSecond: number;
  naiveComponentsPerSecond: number;
  /** Ours and the naive walk found the same (component, advisory) pairs. */
  agree: boolean;
}

export async function benchOsv(opts: { advisories: number; components: number; naiveComponents: number; rounds: number }): Promise<OsvFigures> {
  const random = seededRandom(11);
  // Advisories name the first fifth of the packages, about 2.5 each on average (a few popular ones dozens);
  // components come from all of them, so most of an SBOM has no advisory, as in real ones.
  const pool = osvPackagePool(Math.max(500, Math.round((opts.advisories / 2.5) * 5)));
  const advisories = generateAdvisories(opts.advisories, pool.slice(0, Math.round(pool.length / 5)), random);
  const components = generateComponents(opts.components, pool, random);
  const sample = components.slice(0, Math.min(opts.naiveComponents, components.length));

  const db = new OsvDatabase();
  const loadMs = await timedMs(() => {
    for (const record of advisories) db.upsert(record);
  });
  // Warm-up: the first pass compiles each range once, as a running service has long since done.
  const report = matchComponents(db, components);
  if (report.unmatchable.length > 0 || report.unsupported.length > 0) {
    throw new Error(`bench fixtures are off: ${report.unmatchable.length} unmatchable, ${report.unsupported.length} unsupported (${JSON.stringify(report.unmatchable[0] ?? report.unsupported[0])})`);
  }
  const inSample = new Set(sample.map((c) => c.purl));
  const ours = new Set(report.matches.filter((m) => inSample.has(m.purl)).map((m) => `${m.purl} ${m.advisoryId}`));
  const naive = naiveMatch(advisories, sample);
  const agree = ours.size === naive.size && [...ours].every((key) => naive.has(key));

  const oursMs: number[] = [];
  const naiveMs: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    oursMs.push(await timedMs(() => matchComponents(db, components)));
    naiveMs.push(await timedMs(() => naiveMatch(advisories, sample)));
  }
  return {
    advisories: advisories.length,
    components: components.length,
    naiveComponents: sample.length,
    matches: report.matches.length,
    loadMs,
    oursComponentsPerSecond: (components.length * 1000) / median(oursMs),
    naiveComponentsPerSecond: (sample.length * 1000) / median(naiveMs),
    agree,
  };
}
