import { PackageURL } from 'packageurl-js';

/**
 * Whether a waiver's component scope covers a component's purl. The scope is a purl with
 * a version (that version only), without one (any version), or a prefix ending in `/`
 * (a namespace, e.g. `pkg:npm/@acme/`). Compared on parsed parts, so `%40acme` and
 * `@acme` are the same; qualifiers and subpath are ignored.
 */
export function purlInScope(scope: string, purl: string): boolean {
  const component = parsed(purl);
  if (!component) return false;
  if (scope.endsWith('/')) return decoded(purl).startsWith(decoded(scope));
  const wanted = parsed(scope);
  if (!wanted) return false;
  return (
    wanted.type === component.type &&
    (wanted.namespace ?? '') === (component.namespace ?? '') &&
    wanted.name === component.name &&
    (wanted.version === undefined || wanted.version === null || wanted.version === component.version)
  );
}

function parsed(purl: string): PackageURL | undefined {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
