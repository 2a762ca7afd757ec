/**
 * Composer (Packagist): composer/semver's VersionParser::normalize, then PHP's
 * version_compare on the result — which is how Composer itself orders versions.
 * - Release: 1 to 4 dot-separated numbers, a leading `v` ignored, missing parts are 0
 *   (`v1.2` == `1.2.0` == `1.2.0.0`); build metadata `+…` is ignored.
 * - Stability suffix, optionally after `.`, `-` or `_`, case-insensitive:
 *   `-dev` < `-alpha`/`-a` < `-beta`/`-b` < `-RC` < (stable) < `-patch`/`-pl`/`-p`, each
 *   with optional numbers (`-beta1` == `-beta.1`, `-beta < -beta1 < -beta2 < -beta2.1`);
 *   `-stable` is the release itself.
 * - A trailing `-dev` after a suffix orders just before it: `-beta1-dev < -beta1`.
 * - Branch versions (`dev-main`, `2.x-dev`) have no order and are rejected.
 */
import { InvalidVersionError } from './version-errors';
import type { VersionOrdering } from './version-ordering';

interface ComposerVersion {
  release: number[];
  /** dev 0, alpha 1, beta 2, RC 3, stable 4, patch 5 — PHP version_compare's special forms. */
  stability: number;
  numbers: number[];
  /** A `-dev` after a stability suffix: a development build of that pre-release. */
  devOfSuffix: boolean;
}

const COMPOSER_VERSION =
  /^v?(\d+(?:\.\d+){0,3})(?:[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?([.-]?dev)?)?(?:\+[0-9A-Za-z.-]+)?$/i;
const STABILITY_RANK: Record<string, number> = { alpha: 1, a: 1, beta: 2, b: 2, rc: 3, stable: 4, patch: 5, pl: 5, p: 5 };
const STABLE = 4;

function parseComposer(version: string): ComposerVersion {
  const match = COMPOSER_VERSION.exec(version);
  if (!match?.[1]) {
    throw new InvalidVersionError('composer', version, 'must be 1 to 4 numbers with an optional stability suffix (e.g. v1.2.3, 1.2.3-RC2, 1.2.3-beta1-dev); branches like dev-main have no order');
  }
  const release = match[1].split('.').map(Number);
  while (release.length < 4) release.push(0);
  const suffix = match[2]?.toLowerCase();
  const dev = match[4] !== undefined;
  if (suffix === undefined) {
    return { release, stability: dev ? 0 : STABLE, numbers: [], devOfSuffix: false };
  }
  const rank = STABILITY_RANK[suffix] ?? STABLE;
  // Composer drops `-stable` (and anything after it): 1.0.0-stable is 1.0.0.
  if (rank === STABLE) return { release, stability: STABLE, numbers: [], devOfSuffix: false };
  const numbers = (match[3] ?? '').split(/[.-]/).filter((part) => part !== '').map(Number);
  return { release, stability: rank, numbers, devOfSuffix: dev };
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    // As version_compare: when one runs out, a further number makes the other greater.
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

function compareComposer(a: ComposerVersion, b: ComposerVersion): number {
  return (
    compareNumbers(a.release, b.release) ||
    Math.sign(a.stability - b.stability) ||
    compareNumbers(a.numbers, b.numbers) ||
    Math.sign(Number(b.devOfSuffix) - Number(a.devOfSuffix))
  );
}

export const composerOrdering: VersionOrdering<ComposerVersion> = {
  parse: parseComposer,
  compare: compareComposer,
};
