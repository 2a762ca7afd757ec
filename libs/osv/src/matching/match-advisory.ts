/**
 * The "new advisory arrives" path: which packages to ask the SBOM store about
 * (`affectedPackages`), then the range check on the components the store returns
 * (`matchAdvisory`). The store keys components by versionless purl, so that is what
 * `affectedPackages` gives; the store returns every stored version, and the ranges decide.
 */
import type { Ecosystem } from '@tollgate/sbom';
import { purlBaseFor, type ComponentToMatch } from '../ecosystems/component-key';
import { normaliseOsvName } from '../ecosystems/osv-ecosystem';
import type { OsvRecord } from '../schema/osv-record.schema';
import { affectedEntries, lookupOf } from './affected-entry';
import { matchWithLookup } from './match-with-lookup';
import type { MatchReport } from './vulnerability-match';

export interface AffectedPackage {
  /** `Debian:12`, `PyPI`… as the record writes it. */
  readonly osvEcosystem: string;
  /** As the record writes it. */
  readonly osvName: string;
  readonly ecosystem: Ecosystem;
  /** The versionless purl an SBOM store indexes this package under, e.g. `pkg:maven/org.apache.logging.log4j/log4j-core`. */
  readonly purlBase: string;
}

/**
 * The packages of `advisory` Tollgate can match, one per purl base (several releases of
 * one distro package collapse into one). Empty for a withdrawn advisory. Distro records name
 * source packages: the purl base uses that name, and the SBOM store also keys deb/apk
 * binaries by the source their `upstream=` qualifier names, so `libc6` is found for `glibc`.
 */
export function affectedPackages(advisory: OsvRecord): AffectedPackage[] {
  if (advisory.withdrawn !== undefined) return [];
  const packages = new Map<string, AffectedPackage>();
  for (const entry of affectedEntries(advisory)) {
    const purlBase = purlBaseFor(entry.ecosystem, entry.distro, normaliseOsvName(entry.base, entry.osvName));
    if (purlBase === undefined || packages.has(purlBase)) continue;
    packages.set(purlBase, { osvEcosystem: entry.osvEcosystem, osvName: entry.osvName, ecosystem: entry.ecosystem, purlBase });
  }
  return [...packages.values()].sort((a, b) => (a.purlBase < b.purlBase ? -1 : a.purlBase > b.purlBase ? 1 : 0));
}

/** Matches one advisory against components (typically those the store returned for `affectedPackages`). */
export function matchAdvisory(advisory: OsvRecord, components: ReadonlyArray<ComponentToMatch>): MatchReport {
  return matchWithLookup(lookupOf([advisory]), components);
}
