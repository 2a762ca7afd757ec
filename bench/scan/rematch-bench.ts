// The goal figure: a new advisory arrives; which stored artifacts does it hit? Ours, as the
// scanner runner does it: affectedPackages(advisory) → SbomStore.findArtifactsContaining(purl
// base) per package (the component index) → matchAdvisory on the distinct versions returned.
// Baseline: the same range check on every SBOM's components of that package, found with a
// full scan (`purl LIKE 'pkg:…@%'`, which no index serves). Same advisories, alternating order.
import { type DataSource } from 'typeorm';
import { affectedPackages, matchAdvisory, type ComponentToMatch, type OsvRecord } from '@tollgate/osv';
import { SbomStore } from '@tollgate/sbom-store';
import { PackageURL } from 'packageurl-js';
import { fillComponentIndex, type BenchPackage } from '../sbom/component-fill';
import { percentile, seededRandom, timedMs } from './bench-random';

export interface RematchFigures {
  rows: number;
  advisories: number;
  /** Artifacts hit per advisory: median over the core-package and the rare-package advisories. */
  hitsCoreP50: number;
  hitsRareP50: number;
  oursP50Ms: number;
  oursP99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** Both ways flagged the same artifacts for every advisory. */
  agree: boolean;
}

const WARM_UP = 4;

/** An advisory for one pool package: affected below its fourth version, as OSV would write it. */
function advisoryFor(pkg: BenchPackage, n: number): OsvRecord {
  const purl = PackageURL.fromString(pkg.purlBase);
  const [ecosystem, name, type] =
    purl.type === 'npm'
      ? ['npm', purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name, 'SEMVER' as const]
      : purl.type === 'maven'
        ? ['Maven', `${purl.namespace}:${purl.name}`, 'ECOSYSTEM' as const]
        : purl.type === 'pypi'
          ? ['PyPI', purl.name, 'ECOSYSTEM' as const]
          : ['Debian:12', purl.name, 'ECOSYSTEM' as const];
  return {
    id: `GHSA-rematch-${String(n).padStart(4, '0')}`,
    modified: '2026-12-01T00:00:00Z',
    summary: `New advisory for ${name}`,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem, name }, ranges: [{ type, events: [{ introduced: '0' }, { fixed: pkg.versions[3] }] }] }],
  };
}

/** Artifacts whose component rows fall inside the advisory, from rows of one package. */
function hits(advisory: OsvRecord, rows: readonly { purl: string; version: string; artifactDigest: string }[]): Set<string> {
  const distinct = new Map<string, ComponentToMatch>();
  for (const r of rows) distinct.set(`${r.purl}\0${r.version}`, { purl: r.purl, version: r.version });
  const report = matchAdvisory(advisory, [...distinct.values()]);
  if (report.unmatchable.length > 0) throw new Error(`unmatchable in bench: ${report.unmatchable[0].reason}`);
  const affected = new Set(report.matches.map((m) => `${m.purl}\0${m.version}`));
  return new Set(rows.filter((r) => affected.has(`${r.purl}\0${r.version}`)).map((r) => r.artifactDigest));
}

async function ours(dataSource: DataSource, store: SbomStore, advisory: OsvRecord): Promise<Set<string>> {
  const artifacts = new Set<string>();
  for (const pkg of affectedPackages(advisory)) {
    const { matches } = await store.findArtifactsContaining(dataSource.manager, pkg.purlBase);
    for (const digest of hits(advisory, matches)) artifacts.add(digest);
  }
  return artifacts;
}

const likePrefix = (text: string): string => `${text.replace(/[\\%_]/g, '\\$&')}@%`;

async function baseline(dataSource: DataSource, advisory: OsvRecord): Promise<Set<string>> {
  const artifacts = new Set<string>();
  for (const pkg of affectedPackages(advisory)) {
    const rows = (await dataSource.query(
      `SELECT c.purl, c.version, d.artifact_digest AS "artifactDigest"
         FROM sbom_component c JOIN sbom_document d ON d.sha256 = c.sbom_sha256
        WHERE c.purl LIKE $1`,
      [likePrefix(pkg.purlBase)],
    )) as { purl: string; version: string; artifactDigest: string }[];
    for (const digest of hits(advisory, rows)) artifacts.add(digest);
  }
  return artifacts;
}

const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/** Fills the (empty, migrated) SBOM store tables, then times `advisories` re-matches each way; half hit a core package, half a rare one. */
export async function benchRematch(dataSource: DataSource, opts: { sboms: number; componentsPerSbom: number; advisories: number }): Promise<RematchFigures> {
  const pool = await fillComponentIndex(dataSource, opts);
  await dataSource.query('VACUUM ANALYZE sbom_document, sbom_component, artifact_environment');
  const [{ rows }] = (await dataSource.query('SELECT count(*)::int AS rows FROM sbom_component')) as { rows: number }[];

  const core = pool.filter((p) => p.tier === 'core');
  const rare = pool.filter((p) => p.tier === 'rare');
  const random = seededRandom(42);
  const picks = Array.from({ length: opts.advisories + WARM_UP }, (_, i) => {
    const from = i % 2 ? rare : core;
    return { tier: i % 2 ? 'rare' : 'core', advisory: advisoryFor(from[Math.floor(random() * from.length)], i) };
  });

  const store = new SbomStore();
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  const hitCounts: Record<string, number[]> = { core: [], rare: [] };
  let agree = true;
  for (const [i, { tier, advisory }] of picks.entries()) {
    let found: Set<string> = new Set();
    let expected: Set<string> = new Set();
    const runOurs = async () => (found = await ours(dataSource, store, advisory));
    const runBaseline = async () => (expected = await baseline(dataSource, advisory));
    // Alternate which goes first, so neither always finds the other's pages warm.
    const [first, second] = i % 2 ? [runOurs, runBaseline] : [runBaseline, runOurs];
    const firstMs = await timedMs(first);
    const secondMs = await timedMs(second);
    if (i < WARM_UP) continue;
    oursMs.push(i % 2 ? firstMs : secondMs);
    baselineMs.push(i % 2 ? secondMs : firstMs);
    hitCounts[tier].push(found.size);
    agree &&= sameSet(found, expected);
  }
  return {
    rows,
    advisories: oursMs.length,
    hitsCoreP50: percentile(hitCounts['core'], 50),
    hitsRareP50: percentile(hitCounts['rare'], 50),
    oursP50Ms: round2(percentile(oursMs, 50)),
    oursP99Ms: round2(percentile(oursMs, 99)),
    baselineP50Ms: round2(percentile(baselineMs, 50)),
    baselineP99Ms: round2(percentile(baselineMs, 99)),
    agree,
  };
}
