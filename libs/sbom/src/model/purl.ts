import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from './inventory';

/** The canonical purl string (percent-encoding and normalisation per the purl spec, by packageurl-js). */
export function purlOf(ecosystem: Ecosystem, namespace: string | undefined, name: string, version: string, qualifiers?: Record<string, string>): string {
  return new PackageURL(ecosystem, namespace ?? undefined, name, version, qualifiers ?? undefined, undefined).toString();
}

/** The purl without version, qualifiers or subpath: the key the component index is searched by. */
export function purlBase(purl: string): string {
  const parsed = PackageURL.fromString(purl);
  return new PackageURL(parsed.type, parsed.namespace ?? undefined, parsed.name, undefined, undefined, undefined).toString();
}

/**
 * The source package an `upstream=` qualifier of a deb/apk purl names: `glibc`, `glibc@2.36-9+deb12u3`
 * (the form written when the source version differs from the binary's), or dpkg's `glibc (2.36-9+deb12u3)`.
 * Another form still gives its leading name (the best key there is), but no version.
 */
export function parseUpstreamQualifier(value: string): { name: string; version?: string } | undefined {
  const match = /^\s*([^@\s()]+)\s*(?:@\s*([^\s()]+)|\(\s*([^\s()]+)\s*\))?\s*$/.exec(value);
  if (match === null) {
    const name = value.trim().split(/[@\s(]/)[0];
    return name === '' ? undefined : { name };
  }
  const version = match[2] ?? match[3];
  return version === undefined ? { name: match[1] } : { name: match[1], version };
}
