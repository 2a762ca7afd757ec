import type { Ecosystem } from '../model/inventory';
import { alpineOrdering } from './alpine-ordering';
import { composerOrdering } from './composer-ordering';
import { debianOrdering } from './debian-ordering';
import { mavenOrdering } from './maven-ordering';
import { pep440Ordering } from './pep440-ordering';
import { cargoOrdering, golangOrdering, npmOrdering } from './semver-orderings';
import type { VersionOrdering } from './version-ordering';

const ORDERINGS: Record<Ecosystem, VersionOrdering> = {
  npm: npmOrdering,
  pypi: pep440Ordering,
  maven: mavenOrdering,
  golang: golangOrdering,
  cargo: cargoOrdering,
  composer: composerOrdering,
  deb: debianOrdering,
  apk: alpineOrdering,
};

export function orderingOf(ecosystem: Ecosystem): VersionOrdering {
  const ordering = ORDERINGS[ecosystem] as VersionOrdering | undefined;
  // Ecosystem comes from callers' validated input; an unknown one is a programming error.
  if (!ordering) throw new TypeError(`no version ordering for ecosystem ${JSON.stringify(ecosystem)}`);
  return ordering;
}

/**
 * Orders two versions of one ecosystem: negative when `a` is older, 0 when they are
 * the same version (`1.0 == 1.0.0` on PyPI, `1 == 1-ga` on Maven), positive when newer.
 * Throws InvalidVersionError when either is not a version of that ecosystem.
 */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  const ordering = orderingOf(ecosystem);
  return ordering.compare(ordering.parse(a), ordering.parse(b));
}
