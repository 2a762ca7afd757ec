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
