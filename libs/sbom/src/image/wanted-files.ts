/** What the package readers need from a path of the image: its bytes, its presence, or the poms inside a jar. */
export type Want = 'content' | 'presence' | 'jar';

const CONTENT_PATTERNS: RegExp[] = [
  /^(etc|usr\/lib)\/os-release$/,
  /^var\/lib\/dpkg\/status$/,
  // distroless keeps one status file per package, beside `<name>.md5sums`.
  /^var\/lib\/dpkg\/status\.d\/[^/]+$/,
  /^lib\/apk\/db\/installed$/,
  // Only an installed package's own manifest: `node_modules/<name>/` or `node_modules/@scope/<name>/`.
  /(^|\/)node_modules\/(@[^/.][^/]*\/)?[^/.@][^/]*\/package\.json$/,
  /(^|\/)(site|dist)-packages\/[^/]+\.dist-info\/METADATA$/,
  /(^|\/)META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/,
];

/** Normalises a tar member name to the image path (`./usr/bin/` → `usr/bin`). */
export function imagePath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

export function wantOf(path: string): Want | undefined {
  if (/^var\/lib\/dpkg\/status\.d\/[^/]+\.md5sums$/.test(path)) return undefined;
  if (CONTENT_PATTERNS.some((pattern) => pattern.test(path))) return 'content';
  if (/^var\/lib\/dpkg\/info\/[^/]+\.list$/.test(path)) return 'presence';
  if (/\.(jar|war|ear)$/.test(path)) return 'jar';
  return undefined;
}
