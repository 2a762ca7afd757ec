import { PackageURL } from 'packageurl-js';
import { compareVersions, InvalidVersionError, parseRange, purlBase, type Ecosystem, type VersionRange } from '../sbom-model';
import { SbomStoreError } from '../sbom-store.error';

// A Record, so a new Ecosystem member fails to compile until it is listed here.
const ECOSYSTEMS: Record<Ecosystem, true> = { npm: true, pypi: true, maven: true, golang: true, cargo: true, composer: true, deb: true, apk: true };

function isEcosystem(type: string): type is Ecosystem {
  return Object.prototype.hasOwnProperty.call(ECOSYSTEMS, type);
}

/** "Which artifacts contain X": the purl as the index keys it, and the versions wanted. */
export interface ComponentQuery {
  ecosystem: Ecosystem;
  /** Canonical purl without version, qualifiers or subpath (`purlBase` of @tollgate/sbom). */
  purlBase: string;
  /** Undefined: every version. */
  range?: VersionRange;
}

/**
 * Reads a query before any database work: a versionless purl and an optional range, or a
 * versioned purl (read as `=version`). Throws SbomStoreError on a bad or unsupported purl,
 * and parseRange's VersionRangeError on a bad range.
 */
export function parseComponentQuery(purl: string, range?: string): ComponentQuery {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch (error) {
    throw new SbomStoreError('PURL_INVALID', `not a purl: ${JSON.stringify(purl)}: ${(error as Error).message}`, { cause: error });
  }
  if (!isEcosystem(parsed.type)) {
    const known = Object.keys(ECOSYSTEMS).join(', ');
    throw new SbomStoreError('PURL_TYPE_UNSUPPORTED', `purl type ${JSON.stringify(parsed.type)} is not indexed; known types: ${known}`);
  }
  const ecosystem = parsed.type;
  if (parsed.version && range !== undefined) {
    throw new SbomStoreError('PURL_VERSION_WITH_RANGE', `give a versionless purl with a range, or a versioned purl alone; got ${purl} and ${JSON.stringify(range)}`);
  }
  const wanted = parsed.version ? `=${parsed.version}` : range;
  return { ecosystem, purlBase: purlBase(purl), range: wanted === undefined ? undefined : parseRange(ecosystem, wanted) };
}

/** How the stored versions of one purl fare against a query. */
export interface VersionSelection {
  /** The versions to fetch. */
  selected: string[];
  /** Versions the ecosystem cannot parse, when a range was asked for: left out, not fatal. */
  unparsable: string[];
  /** Position of each selected version in ecosystem order (unparsable ones last, by text). */
  rank: Map<string, number>;
}

function parses(ecosystem: Ecosystem, version: string): boolean {
  try {
    compareVersions(ecosystem, version, version);
    return true;
  } catch (error) {
    if (error instanceof InvalidVersionError) return false;
    throw error;
  }
}

/** Decides per distinct version (a handful per purl), not per row, so filtering a popular purl costs no more than a rare one. */
export function selectVersions(query: ComponentQuery, versions: readonly string[]): VersionSelection {
  const valid = new Set(versions.filter((version) => parses(query.ecosystem, version)));
  const unparsable = query.range ? versions.filter((version) => !valid.has(version)) : [];
  const range = query.range;
  // No range asked: an unparsable version is still a version the artifact shipped, so it stays.
  const selected = range ? [...valid].filter((version) => range.contains(version)) : [...versions];
  const ordered = [...selected].sort((a, b) => {
    if (valid.has(a) !== valid.has(b)) return valid.has(a) ? -1 : 1;
    const order = valid.has(a) ? compareVersions(query.ecosystem, a, b) : 0;
    // Equal versions in different spellings (PyPI 1.0 and 1.0.0) still get a fixed order.
    return order || (a < b ? -1 : a > b ? 1 : 0);
  });
  return { selected, unparsable, rank: new Map(ordered.map((version, index) => [version, index])) };
}
