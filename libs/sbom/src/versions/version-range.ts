/**
 * Version ranges for "which artifacts contain a component whose version is in this range"
 * (grammar in range-grammar.ts). A range orders with its ecosystem's ordering, so
 * pre-releases are simply versions: Maven `<2.17.1` contains `2.17.1-rc1`, PyPI `<2.0`
 * contains `2.0rc1`, Debian `<1.0` contains `1.0~rc1`.
 *
 * npm also takes any node-semver range (`^1.2.0`, `~1.2`, `1.x`, `1.2.3 - 2.3.4`), with
 * `includePrerelease: true`: node-semver's default would leave `2.0.0-rc.1` out of
 * `<2.0.0` (it only matches pre-releases of a tuple a comparator names), but an artifact
 * that shipped `2.0.0-rc.1` does contain a version below 2.0.0 and must be found.
 */
import { Range } from 'semver';
import type { Ecosystem } from '../model/inventory';
import { orderingOf } from './compare-versions';
import { parseRangeGrammar, type Operator } from './range-grammar';
import { npmOrdering } from './semver-orderings';
import { InvalidVersionError, VersionRangeError } from './version-errors';

export interface VersionRange {
  readonly ecosystem: Ecosystem;
  /** The range as given. */
  readonly source: string;
  /** Throws InvalidVersionError when `version` is not a version of the range's ecosystem. */
  contains(version: string): boolean;
}

const HOLDS: Record<Operator, (order: number) => boolean> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
  '=': (order) => order === 0,
  '!=': (order) => order !== 0,
};

function comparatorRange(ecosystem: Ecosystem, source: string): VersionRange {
  const ordering = orderingOf(ecosystem);
  const alternatives = parseRangeGrammar(source).map((comparators) =>
    comparators.map(({ operator, version, offset }) => {
      try {
        return { holds: HOLDS[operator], bound: ordering.parse(version) };
      } catch (error) {
        if (!(error instanceof InvalidVersionError)) throw error;
        throw new VersionRangeError(source, offset, `a ${ecosystem} version; ${JSON.stringify(version)} ${error.reason}`, { cause: error });
      }
    }),
  );
  return {
    ecosystem,
    source,
    contains(version) {
      const candidate = ordering.parse(version);
      return alternatives.some((comparators) => comparators.every(({ holds, bound }) => holds(ordering.compare(candidate, bound))));
    },
  };
}

function nodeSemverRange(source: string): VersionRange | undefined {
  // node-semver reads an empty range or alternative (`^1.2.0 ||`) as "*": a query must say what it wants.
  if (source.split('||').some((alternative) => alternative.trim() === '')) return undefined;
  let range: Range;
  try {
    range = new Range(source, { includePrerelease: true });
  } catch {
    return undefined;
  }
  return {
    ecosystem: 'npm',
    source,
    contains: (version) => range.test(npmOrdering.parse(version)),
  };
}

/**
 * Parses `range` for `ecosystem`. Throws VersionRangeError (with the offset and what was
 * expected there) on bad syntax or on a version its ecosystem cannot parse.
 */
export function parseRange(ecosystem: Ecosystem, range: string): VersionRange {
  try {
    return comparatorRange(ecosystem, range);
  } catch (error) {
    if (ecosystem !== 'npm' || !(error instanceof VersionRangeError)) throw error;
    // Not in the shared grammar: maybe a node-semver range. If not that either, the shared grammar's error is the clearer one.
    const semverRange = nodeSemverRange(range);
    if (!semverRange) throw error;
    return semverRange;
  }
}
