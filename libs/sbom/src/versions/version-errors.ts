import type { Ecosystem } from '../model/inventory';

/** A string that is not a version of its ecosystem (e.g. `1.0` for Go, `a1.0` for Debian). */
export class InvalidVersionError extends Error {
  override readonly name = 'InvalidVersionError';
  readonly code = 'VERSION_INVALID';

  constructor(
    readonly ecosystem: Ecosystem,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`not a ${ecosystem} version: ${JSON.stringify(version)}: ${reason}`);
  }
}

/**
 * A range string that does not follow the grammar (see version-range.ts), or names a
 * version its ecosystem cannot parse. `offset` is 0-based into `range`; the message
 * gives the 1-based column, as an editor shows it.
 */
export class VersionRangeError extends Error {
  override readonly name = 'VersionRangeError';
  readonly code = 'VERSION_RANGE_INVALID';

  constructor(
    readonly range: string,
    readonly offset: number,
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super(`bad version range ${JSON.stringify(range)} at column ${offset + 1}: expected ${expected}`, options);
  }
}
