/** An npm package name split into the purl's namespace (the `@scope`) and name. */
export function splitPackageName(fullName: string): { namespace?: string; name: string } {
  const slash = fullName.startsWith('@') ? fullName.indexOf('/') : -1;
  return slash > 0 ? { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) } : { name: fullName };
}

/** lockfileVersion 1 writes an alias install (`"x": "npm:real@1.0.0"`) as the version `npm:real@1.0.0`. */
export function aliasTarget(version: string): { fullName: string; version: string } | undefined {
  const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/.exec(version);
  return alias ? { fullName: alias[1], version: alias[2] } : undefined;
}
