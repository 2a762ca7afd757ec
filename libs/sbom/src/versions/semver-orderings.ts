/**
 * Orderings that are SemVer 2.0 precedence (https://semver.org/#spec-item-11), built on
 * the `semver` package: build metadata never orders (`1.0.0+a` == `1.0.0+b`), so Go's
 * `+incompatible` is ignored as Go's own x/mod/semver ignores it.
 */
import { SemVer, compare } from 'semver';
import type { Ecosystem } from '../model/inventory';
import { InvalidVersionError } from './version-errors';
import type { VersionOrdering } from './version-ordering';

/** Strict SemVer: three numeric parts without leading zeros; `v` only where the ecosystem writes one. */
const STRICT_SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function semverOrdering(ecosystem: Ecosystem, vPrefix: 'allowed' | 'forbidden', hint: string): VersionOrdering<SemVer> {
  return {
    parse(version) {
      if (vPrefix === 'forbidden' && version.startsWith('v')) {
        throw new InvalidVersionError(ecosystem, version, `${ecosystem} versions have no "v" prefix (${hint})`);
      }
      if (!STRICT_SEMVER.test(version)) {
        throw new InvalidVersionError(ecosystem, version, `must be SemVer MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (${hint})`);
      }
      try {
        return new SemVer(version);
      } catch (error) {
        // The regex passed; left are numbers past 2^53 and numeric pre-release parts with leading zeros.
        const detail = error instanceof Error ? error.message : String(error);
        throw new InvalidVersionError(ecosystem, version, `must be SemVer MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (${detail})`);
      }
    },
    compare: (a, b) => compare(a, b),
  };
}

/** npm: node-semver, as npm itself orders (a leading `v` is accepted, as npm accepts it). */
export const npmOrdering = semverOrdering('npm', 'allowed', 'e.g. 1.2.3-rc.1');

/** Cargo: the semver crate's syntax; precedence per SemVer 2.0 (build metadata ignored). */
export const cargoOrdering = semverOrdering('cargo', 'forbidden', 'e.g. 1.2.3-alpha.1');

/**
 * Go modules: `v`-prefixed SemVer (the `v` may be left out here, as people type ranges
 * without it). Pseudo-versions are pre-releases and order by their fixed-width UTC
 * timestamp: `v0.0.0-20210101000000-abcdef123456` < `v0.0.0-20210102000000-…` < `v0.0.0`.
 */
export const golangOrdering = semverOrdering('golang', 'allowed', 'e.g. v1.2.3 or v0.0.0-20210101000000-abcdef123456');
