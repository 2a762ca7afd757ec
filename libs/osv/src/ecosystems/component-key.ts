/**
 * From an SBOM component (its purl) to the key OSV records are indexed by: the OSV base
 * ecosystem and the package name as OSV writes it, plus the distro release when the purl
 * says which (`distro=` qualifier).
 */
import { parseUpstreamQualifier, type Ecosystem } from '@tollgate/sbom';
import { PackageURL } from 'packageurl-js';
import { indexKey, normaliseOsvName, normaliseRelease, osvBaseOf } from './osv-ecosystem';

/** A component to check. `ecosystem` and `name` (as an SBOM component carries them) are accepted but the purl decides. */
export interface ComponentToMatch {
  readonly purl: string;
  readonly version: string;
  readonly ecosystem?: string;
  readonly name?: string;
  /**
   * Debian/Alpine only: the source (origin) package, which OSV names, when the caller knows
   * it and the purl has no `upstream=` qualifier. Without either, the binary name is used.
   */
  readonly sourceName?: string;
  /**
   * Debian/Ubuntu/Alpine only: the distro release (`12`, `bookworm`, `22.04`, `3.19.1`),
   * when the purl has no `distro=` qualifier.
   */
  readonly distroRelease?: string;
}

export interface ComponentKey {
  readonly key: string;
  readonly ecosystem: Ecosystem;
  readonly base: string;
  /** The OSV-side package name looked up. */
  readonly name: string;
  readonly release?: string;
  /** Where the release came from; `inferred` is read off a Debian security-update suffix (`+deb12u3`). */
  readonly releaseFrom?: 'distro-qualifier' | 'given' | 'inferred';
  /** Where the name came from: a distro package looked up by its binary name may miss source-named records. */
  readonly nameFrom: 'purl' | 'upstream-qualifier' | 'source-name';
  /**
   * The version to place in the advisory's ranges: the component's, or (distro packages) the
   * source version an `upstream=<name>@<version>` qualifier gives, which is what distro
   * records are written in (a binNMU `libfoo 1.2-3+b1` is built from source `foo 1.2-3`).
   */
  readonly version: string;
  readonly versionFrom: 'component' | 'upstream-qualifier';
}

export type ComponentKeyResult = { ok: true; value: ComponentKey } | { ok: false; reason: string };

const ECOSYSTEMS: Readonly<Record<Ecosystem, true>> = { npm: true, pypi: true, maven: true, golang: true, cargo: true, composer: true, deb: true, apk: true };

function isEcosystem(type: string): type is Ecosystem {
  return Object.prototype.hasOwnProperty.call(ECOSYSTEMS, type);
}

export function componentKey(component: ComponentToMatch): ComponentKeyResult {
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(component.purl);
  } catch (error) {
    return { ok: false, reason: `not a purl: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isEcosystem(purl.type)) return { ok: false, reason: `purl type "${purl.type}" has no OSV ecosystem Tollgate matches` };
  if (component.ecosystem !== undefined && isEcosystem(component.ecosystem) && component.ecosystem !== purl.type) {
    return { ok: false, reason: `component says ecosystem "${component.ecosystem}" but its purl is of type "${purl.type}"` };
  }
  const namespace = purl.namespace ?? undefined;
  const base = osvBaseOf(purl.type, namespace);
  if (base === undefined) return { ok: false, reason: `${purl.type} packages of "${namespace ?? '(no namespace)'}" have no OSV ecosystem Tollgate matches` };
  const named = osvName(purl.type, namespace, purl.name);
  if (named === undefined) return { ok: false, reason: `a ${purl.type} purl needs a namespace (${purl.type === 'maven' ? 'the groupId' : 'the vendor'})` };
  let name = named;
  let nameFrom: ComponentKey['nameFrom'] = 'purl';
  let version = component.version;
  let versionFrom: ComponentKey['versionFrom'] = 'component';
  let release: string | undefined;
  let releaseFrom: ComponentKey['releaseFrom'];
  if (purl.type === 'deb' || purl.type === 'apk') {
    const qualifiers = purl.qualifiers ?? {};
    const upstream = qualifiers.upstream === undefined ? undefined : parseUpstreamQualifier(qualifiers.upstream);
    if (upstream !== undefined) {
      name = upstream.name;
      nameFrom = 'upstream-qualifier';
      if (upstream.version !== undefined) {
        version = upstream.version;
        versionFrom = 'upstream-qualifier';
      }
    } else if (component.sourceName) {
      name = component.sourceName;
      nameFrom = 'source-name';
    }
    ({ release, releaseFrom } = releaseOf(base, qualifiers.distro, component.distroRelease, version));
  }
  const normalised = normaliseOsvName(base, name);
  return { ok: true, value: { key: indexKey(base, normalised), ecosystem: purl.type, base, name: normalised, release, releaseFrom, nameFrom, version, versionFrom } };
}

/**
 * The purl's `distro=`, else the caller's `distroRelease`, else (Debian) the release a
 * security or backport upload names in its (source) version: `2.36-9+deb12u3`, `1.2-1~deb11u1`,
 * `3.0-1~bpo12+1`. Packages never updated in a release carry no such suffix.
 */
function releaseOf(base: string, qualifier: string | undefined, distroRelease: string | undefined, version: string): Pick<ComponentKey, 'release' | 'releaseFrom'> {
  const fromQualifier = qualifier === undefined ? undefined : normaliseRelease(base, qualifier);
  if (fromQualifier !== undefined) return { release: fromQualifier, releaseFrom: 'distro-qualifier' };
  const given = distroRelease === undefined ? undefined : normaliseRelease(base, distroRelease);
  if (given !== undefined) return { release: given, releaseFrom: 'given' };
  const suffix = base === 'Debian' ? /[+~](?:deb(\d+)u\d+|bpo(\d+)\+\d+)$/.exec(version) : null;
  const inferred = suffix === null ? undefined : (suffix[1] ?? suffix[2]);
  return inferred === undefined ? {} : { release: inferred, releaseFrom: 'inferred' };
}

/** The name as OSV writes it: `@scope/name`, `group:artifact`, a Go module path, `vendor/package`. */
function osvName(ecosystem: Ecosystem, namespace: string | undefined, name: string): string | undefined {
  switch (ecosystem) {
    case 'npm':
    case 'golang':
      return namespace ? `${namespace}/${name}` : name;
    case 'maven':
      return namespace ? `${namespace}:${name}` : undefined;
    case 'composer':
      return namespace ? `${namespace}/${name}` : undefined;
    case 'pypi':
    case 'cargo':
    case 'deb':
    case 'apk':
      return name;
  }
}

/** The versionless purl an SBOM store indexes a package under, for an OSV (ecosystem, name); undefined when none. */
export function purlBaseFor(ecosystem: Ecosystem, distro: string | undefined, osvPackageName: string): string | undefined {
  const split = (separator: string): [string | undefined, string] => {
    const at = osvPackageName.lastIndexOf(separator);
    return at > 0 ? [osvPackageName.slice(0, at), osvPackageName.slice(at + 1)] : [undefined, osvPackageName];
  };
  let namespace: string | undefined;
  let name = osvPackageName;
  switch (ecosystem) {
    case 'npm':
    case 'golang':
    case 'composer':
      [namespace, name] = split('/');
      break;
    case 'maven':
      [namespace, name] = split(':');
      if (namespace === undefined) return undefined;
      break;
    case 'pypi':
    case 'cargo':
      break;
    case 'deb':
    case 'apk':
      namespace = distro;
      break;
  }
  if (name === '') return undefined;
  try {
    return new PackageURL(ecosystem, namespace, name, undefined, undefined, undefined).toString();
  } catch {
    return undefined;
  }
}
