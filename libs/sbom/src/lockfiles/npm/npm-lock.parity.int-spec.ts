import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { readNpmLock } from './npm-lock.reader';
import { splitPackageName } from './npm-package-name';
import { runCyclonedxNpm, type CdxNpmResult } from './testing/cyclonedx-npm-bom';
import { installableHere, type PlatformFields } from './testing/installable-here';
import { prepareLargeNpmTree } from './testing/large-npm-tree';

type LockEntry = PlatformFields & { name?: string; version?: string; link?: boolean };

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();
const minus = (a: Iterable<string>, b: Iterable<string>): string[] => {
  const drop = new Set(b);
  return sorted([...a].filter((x) => !drop.has(x)));
};
/** cyclonedx-npm adds `?vcs_url=` / `?download_url=` for packages not from the registry; the purl identity is before `?`. */
const withoutQualifiers = (purl: string): string => purl.split('?')[0] ?? purl;

/**
 * The large real project (1,096 lockfile packages) installed on this machine, described by
 * @cyclonedx/cyclonedx-npm from node_modules and by readNpmLock from package-lock.json alone.
 */
describe('readNpmLock parity with @cyclonedx/cyclonedx-npm', () => {
  let cdx: CdxNpmResult;
  let inventory: Inventory;
  /** Every installed path the lockfile records (links are workspace code), and those npm skipped here. */
  let lockPaths: string[];
  let skippedHere: Set<string>;
  let purlAt: Map<string, string>;

  beforeAll(async () => {
    const dir = await prepareLargeNpmTree();
    cdx = await runCyclonedxNpm(dir);
    const text = await readFile(join(dir, 'package-lock.json'), 'utf8');
    inventory = readNpmLock(text, 'package-lock.json');
    const packages = (JSON.parse(text) as { packages: Record<string, LockEntry> }).packages;
    lockPaths = Object.keys(packages).filter((p) => p.includes('node_modules/') && !packages[p].link);
    skippedHere = new Set(lockPaths.filter((p) => !installableHere(packages[p])));
    purlAt = new Map(
      lockPaths.map((p) => {
        const { namespace, name } = splitPackageName(packages[p].name ?? p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
        return [p, purlOf('npm', namespace, name, packages[p].version ?? '')];
      }),
    );
  }, 300_000);

  const ours = (): Map<string, Inventory['components'][number]> => new Map(inventory.components.map((c) => [c.purl, c]));
  const cdxPurlOfRef = (): Map<string, string> => new Map(cdx.placements.map((p) => [p.bomRef, withoutQualifiers(p.purl)]));
  /** Packages whose every placement is for another os/cpu/libc: in the lockfile, not installed here. */
  const otherPlatformsOnly = (): string[] => minus([...skippedHere].map((p) => purlAt.get(p) ?? p), lockPaths.filter((p) => !skippedHere.has(p)).map((p) => purlAt.get(p) ?? p));

  it('sees cyclonedx-npm list one component per installed path: the lockfile paths this platform installs', () => {
    expect(skippedHere.size).toBeGreaterThan(0);
    expect(sorted(cdx.placements.map((p) => p.path))).toEqual(minus(lockPaths, skippedHere));
    expect(cdx.placements).toHaveLength(lockPaths.length - skippedHere.size);
  });

  it('lists the same name@version set, plus the other platforms’ optional binaries the lockfile records', () => {
    const cdxPurls = sorted(cdx.placements.map((p) => withoutQualifiers(p.purl)));
    const ourPurls = sorted(ours().keys());

    expect(minus(cdxPurls, ourPurls)).toEqual([]);
    expect(minus(ourPurls, cdxPurls)).toEqual(otherPlatformsOnly());
    expect(otherPlatformsOnly().map((purl) => ours().get(purl)?.scope)).toEqual(otherPlatformsOnly().map(() => 'optional'));
  });

  it("resolves every dependency edge to the same package as npm's installed tree", () => {
    const refToPurl = cdxPurlOfRef();
    const cdxEdges = new Map<string, Set<string>>();
    for (const placement of cdx.placements) {
      const edges = cdxEdges.get(withoutQualifiers(placement.purl)) ?? new Set<string>();
      for (const ref of placement.dependsOn) edges.add(refToPurl.get(ref) ?? ref);
      cdxEdges.set(withoutQualifiers(placement.purl), edges);
    }
    const notHere = new Set(otherPlatformsOnly());
    const ourEdges = [...cdxEdges.keys()].map((purl) => [purl, (ours().get(purl)?.dependsOn ?? []).filter((d) => !notHere.has(d))]);

    expect(Object.fromEntries(ourEdges)).toEqual(Object.fromEntries([...cdxEdges].map(([purl, edges]) => [purl, sorted(edges)])));
  });

  it("takes the same roots as the project's dependencies in the BOM", () => {
    const refToPurl = cdxPurlOfRef();

    expect(inventory.roots).toEqual(sorted(cdx.rootDependsOn.map((ref) => refToPurl.get(ref) ?? ref)));
  });

  it('marks a package optional exactly when every installed placement of it is optional', () => {
    const requiredSomewhere = new Set(cdx.placements.filter((p) => p.scope === 'required').map((p) => withoutQualifiers(p.purl)));
    const expected = sorted(cdx.placements.map((p) => withoutQualifiers(p.purl))).map((purl) => [purl, requiredSomewhere.has(purl) ? 'required' : 'optional']);

    expect(Object.fromEntries(expected.map(([purl]) => [purl, ours().get(purl)?.scope]))).toEqual(Object.fromEntries(expected));
  });

  it('declares the same licences, except where only the installed package.json has a legacy `licenses` array', () => {
    const differences = cdx.placements
      .filter((p) => ours().get(withoutQualifiers(p.purl))?.license !== p.license)
      .map((p) => ({ purl: p.purl, lockfile: ours().get(withoutQualifiers(p.purl))?.license, installed: p.license }));

    expect(differences).toEqual([{ purl: 'pkg:npm/querystring@0.2.0', lockfile: undefined, installed: 'MIT' }]);
  });
});
