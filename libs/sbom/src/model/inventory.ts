/**
 * What a reader found in a lockfile or an image layer: the components that
 * actually shipped, before any SBOM format. Every reader produces this; the
 * CycloneDX and SPDX writers consume it.
 */

/** purl types Tollgate reads (https://github.com/package-url/purl-spec types). */
export type Ecosystem = 'npm' | 'pypi' | 'maven' | 'golang' | 'cargo' | 'composer' | 'deb' | 'apk';

/** CycloneDX's component scope: `dev` is written as `excluded` with a Tollgate property saying why. */
export type ComponentScope = 'required' | 'optional' | 'dev';

export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface ComponentHash {
  alg: HashAlgorithm;
  /** Lower-case hex (readers convert SRI base64 and `sha256:` forms). */
  content: string;
}

export interface FoundComponent {
  /** Canonical purl with version (built with packageurl-js), e.g. `pkg:npm/%40scope/name@1.2.3`. Unique key in an inventory. */
  purl: string;
  ecosystem: Ecosystem;
  /** purl namespace: npm scope (`@scope`), Maven groupId, Go module path prefix, Debian/Alpine distro… */
  namespace?: string;
  name: string;
  version: string;
  scope: ComponentScope;
  hashes: ComponentHash[];
  /** Declared licence as an SPDX expression, when the lockfile or package metadata gives one. */
  license?: string;
  /** Supplier/maintainer/author as given (dpkg `Maintainer`, apk `m:`, package.json `author`…). */
  supplier?: string;
  /** Where it was found, e.g. `package-lock.json#node_modules/lodash` or `layer 3: var/lib/dpkg/status`. */
  evidence: string;
  /** purls of its direct dependencies, all present in the same inventory. */
  dependsOn: string[];
}

export interface Inventory {
  components: FoundComponent[];
  /** purls the artifact itself depends on directly (its top-level dependencies). */
  roots: string[];
}

/** A malformed or truncated input: names the file and, where known, the line and column. Nothing partial is returned. */
export class SbomInputError extends Error {
  override readonly name = 'SbomInputError';
  /**
   * True when the same input may read fine later (a registry answering 5xx or
   * 429, a repository that could not be fetched); false when the input itself
   * is wrong, which no retry fixes.
   */
  readonly retryable: boolean;

  constructor(
    readonly file: string,
    readonly reason: string,
    readonly position?: { line: number; column?: number },
    options: { retryable?: boolean } = {},
  ) {
    super(`${file}${position ? `:${position.line}${position.column !== undefined ? `:${position.column}` : ''}` : ''}: ${reason}`);
    this.retryable = options.retryable ?? false;
  }
}

/** Reads one lockfile's text. Throws SbomInputError on anything malformed. */
export type LockfileReader = (text: string, path: string) => Inventory;
