/**
 * One ecosystem's total order over its version strings. `parse` validates once and
 * returns a key; `compare` orders two keys (negative, 0, positive). Ranges parse their
 * bounds once and each candidate once, then only compare keys.
 */
export interface VersionOrdering<Key = unknown> {
  /** Throws InvalidVersionError when `version` is not a version of this ecosystem. */
  parse(version: string): Key;
  compare(a: Key, b: Key): number;
}

/** -1, 0 or 1: orderings built on subtraction or string compare report only the sign. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
