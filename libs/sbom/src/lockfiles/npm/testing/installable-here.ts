/** The platform fields npm records on a lockfile entry (from the package's package.json). */
export interface PlatformFields {
  os?: string | string[];
  cpu?: string | string[];
  libc?: string | string[];
}

/** npm's own rule (npm-install-checks): `!x` excludes x; any positive entry means "only these"; a string is a one-item list. */
function allows(field: string | string[] | undefined, value: string): boolean {
  const list = typeof field === 'string' ? [field] : field;
  if (!list || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((item) => !item.startsWith('!'));
  return positive.length === 0 || positive.includes(value) || positive.includes('any');
}

/** glibc or musl, as npm decides it: Node's report names a glibc runtime only where glibc is present. */
function libcHere(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** Whether `npm install` on this machine installs a package with these os/cpu/libc fields. */
export function installableHere(entry: PlatformFields): boolean {
  const libc = libcHere();
  return allows(entry.os, process.platform) && allows(entry.cpu, process.arch) && (libc === undefined || allows(entry.libc, libc));
}
