import { PackageURL } from 'packageurl-js';

/** The source package a distro binary was built from, as the component index also keys the binary. */
export interface SourcePackage {
  /** Versionless purl of the source package, in the binary's type and namespace: `pkg:deb/debian/glibc`. */
  purlBase: string;
  /** The source version: the one `upstream=` gives, else the binary's own (dpkg and apk leave it out when equal). */
  version: string;
}

// `glibc`, `glibc@2.36-9+deb12u3` (the SBOM lib's form when the source version differs), or dpkg's `glibc (2.36-9+deb12u3)`.
// The same reading as parseUpstreamQualifier of @tollgate/sbom, which the OSV matcher uses and which this
// data-access lib may not import, so the index
// finds a binary under the very source name and version the matcher will check it at.
const UPSTREAM = /^\s*([^@\s()]+)\s*(?:@\s*([^\s()]+)|\(\s*([^\s()]+)\s*\))?\s*$/;

/**
 * The source package of a Debian or Alpine binary component, read from its purl's `upstream=`
 * qualifier. Undefined for other types, without the qualifier, or when the source is the
 * binary's own name (its purl row already answers for it).
 */
export function sourcePackageOf(purl: string, version: string): SourcePackage | undefined {
  const parsed = PackageURL.fromString(purl);
  if (parsed.type !== 'deb' && parsed.type !== 'apk') return undefined;
  const upstream = parsed.qualifiers?.upstream;
  if (upstream === undefined) return undefined;
  const match = UPSTREAM.exec(upstream);
  // Not a known form: the name is still the best key there is, the version is not trusted (as componentKey does).
  const name = match === null ? upstream.trim().split(/[@\s(]/)[0] : match[1];
  if (name === '') return undefined;
  const namespace = parsed.namespace ?? undefined;
  const own = new PackageURL(parsed.type, namespace, parsed.name, undefined, undefined, undefined).toString();
  const source = new PackageURL(parsed.type, namespace, name, undefined, undefined, undefined).toString();
  if (source === own) return undefined;
  return { purlBase: source, version: (match === null ? undefined : (match[2] ?? match[3])) ?? version };
}
