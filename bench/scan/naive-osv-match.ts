// The baseline for OSV matching: what a first implementation does. For each component, walk
// every advisory's every affected entry, compare ecosystem and name, and evaluate the ranges
// with the same OSV semantics and the same version orderings (compareVersions of the SBOM
// lib): events sorted by version, introduced/fixed/last_affected, explicit version lists.
import { type ComponentToMatch, type OsvAffected, type OsvRecord } from '@tollgate/osv';
import { compareVersions, type Ecosystem } from '@tollgate/sbom';
import { PackageURL } from 'packageurl-js';

interface Target {
  purl: string;
  version: string;
  osvEcosystem: string;
  osvName: string;
  ordering: Ecosystem;
}

const ORDERING: Record<string, Ecosystem> = { npm: 'npm', pypi: 'pypi', maven: 'maven', golang: 'golang' };
const OSV_ECOSYSTEM: Record<string, string> = { npm: 'npm', pypi: 'PyPI', maven: 'Maven', golang: 'Go' };

const pep503 = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

function targetOf(component: ComponentToMatch): Target | undefined {
  const purl = PackageURL.fromString(component.purl);
  const ordering = ORDERING[purl.type];
  if (ordering === undefined) return undefined;
  const namespace = purl.namespace ?? undefined;
  const osvName =
    purl.type === 'maven' ? `${namespace}:${purl.name}` : purl.type === 'pypi' ? pep503(purl.name) : namespace ? `${namespace}/${purl.name}` : purl.name;
  return { purl: component.purl, version: component.version, osvEcosystem: OSV_ECOSYSTEM[purl.type], osvName, ordering };
}

function isAffected(affected: OsvAffected, target: Target): boolean {
  const bare = (v: string) => (target.ordering === 'golang' ? v.replace(/^v/, '') : v);
  if (affected.versions?.some((v) => bare(v) === bare(target.version))) return true;
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    const ordering: Ecosystem = range.type === 'SEMVER' ? 'npm' : target.ordering;
    const versionOf = (e: Record<string, string | undefined>) => e['introduced'] ?? e['fixed'] ?? e['last_affected'] ?? '0';
    const events = [...range.events].sort((a, b) => {
      const va = versionOf(a);
      const vb = versionOf(b);
      if (va === '0' || vb === '0') return (va === '0' ? -1 : 0) - (vb === '0' ? -1 : 0);
      return compareVersions(ordering, va, vb);
    });
    let inside = false;
    for (const event of events) {
      if (event.introduced !== undefined) {
        if (event.introduced === '0' || compareVersions(ordering, target.version, event.introduced) >= 0) inside = true;
      } else if (event.fixed !== undefined) {
        if (compareVersions(ordering, target.version, event.fixed) >= 0) inside = false;
      } else if (event.last_affected !== undefined) {
        if (compareVersions(ordering, target.version, event.last_affected) > 0) inside = false;
      }
    }
    if (inside) return true;
  }
  return false;
}

/** `purl advisoryId` for every match, by a full walk of the advisories per component. */
export function naiveMatch(advisories: readonly OsvRecord[], components: readonly ComponentToMatch[]): Set<string> {
  const matches = new Set<string>();
  for (const component of components) {
    const target = targetOf(component);
    if (target === undefined) continue;
    for (const advisory of advisories) {
      if (advisory.withdrawn !== undefined) continue;
      for (const affected of advisory.affected ?? []) {
        const pkg = affected.package;
        if (pkg === undefined || pkg.ecosystem !== target.osvEcosystem) continue;
        if ((target.osvEcosystem === 'PyPI' ? pep503(pkg.name) : pkg.name) !== target.osvName) continue;
        if (isAffected(affected, target)) matches.add(`${target.purl} ${advisory.id}`);
      }
    }
  }
  return matches;
}
