import type { ComponentHash, FoundComponent } from '../../model/inventory';
import { SbomInputError } from '../../model/inventory';
import type { FilesystemView } from '../filesystem-view';
import { layerPath } from '../filesystem-view';
import { imageComponent } from './component';

interface ApkPackage {
  component: FoundComponent;
  depends: string[];
  provides: string[];
}

const LINE = /^([A-Za-z]):(.*)$/;

/**
 * Installed Alpine packages from `lib/apk/db/installed` (one `K:value` paragraph per package).
 * `namespace` is the purl namespace (the os-release ID), `distro` the `distro=` qualifier when the release is known.
 */
export function readApkPackages(view: FilesystemView, namespace: string, distro?: string): FoundComponent[] {
  const file = view.get('lib/apk/db/installed');
  if (file?.kind !== 'file') return [];
  const where = layerPath(file.layer, file.path);
  const packages: ApkPackage[] = [];
  let fields: Map<string, string> | undefined;
  let start = 0;
  const finish = () => {
    if (fields !== undefined) packages.push(apkPackage(fields, where, start, namespace, distro));
    fields = undefined;
  };
  file.content
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return finish();
      const match = LINE.exec(line);
      if (match === null) throw new SbomInputError(where, `expected "K:value", found "${line.slice(0, 40)}"`, { line: i + 1, column: 1 });
      if (fields === undefined) {
        fields = new Map();
        start = i + 1;
      }
      // Only package-level keys matter; per-file keys (R:, Z:, a:…) repeat and are skipped by keeping the first.
      if (!fields.has(match[1])) fields.set(match[1], match[2]);
    });
  finish();
  return resolveDepends(packages);
}

function apkPackage(fields: Map<string, string>, where: string, line: number, namespace: string, distro: string | undefined): ApkPackage {
  const field = (key: string, what: string): string => {
    const value = fields.get(key);
    if (value === undefined || value === '') throw new SbomInputError(where, `package entry has no ${key}: (${what})`, { line });
    return value;
  };
  const arch = fields.get('A');
  // `o:` is the origin (the aports package a subpackage was split from), which Alpine advisories name.
  const origin = fields.get('o');
  const qualifiers: Record<string, string> = {};
  if (arch !== undefined) qualifiers.arch = arch;
  if (distro !== undefined) qualifiers.distro = distro;
  if (origin !== undefined && origin !== '') qualifiers.upstream = origin;
  const component = imageComponent({
    ecosystem: 'apk',
    namespace,
    name: field('P', 'name'),
    version: field('V', 'version'),
    qualifiers,
    hashes: apkChecksum(fields.get('C')),
    license: fields.get('L'),
    supplier: fields.get('m'),
    evidence: where,
  });
  const words = (key: string) => (fields.get(key) ?? '').split(/\s+/).filter((w) => w !== '');
  return { component, depends: words('D'), provides: words('p') };
}

/** `C:Q1<base64 sha1>` → SHA-1 hex; other checksum forms are not recorded. */
function apkChecksum(value: string | undefined): ComponentHash[] {
  if (value === undefined || !value.startsWith('Q1')) return [];
  const bytes = Buffer.from(value.slice(2), 'base64');
  return bytes.length === 20 ? [{ alg: 'SHA-1', content: bytes.toString('hex') }] : [];
}

/** `D:so:libc.musl-x86_64.so.1 busybox>=1.36 !conflict` → purls, via names and `p:` provides (`so:`, `cmd:`…). */
function resolveDepends(packages: ApkPackage[]): FoundComponent[] {
  const bare = (dep: string) => dep.split(/[<>=~]/)[0];
  const byName = new Map<string, ApkPackage>();
  for (const pkg of packages) byName.set(pkg.component.name, pkg);
  for (const pkg of packages) for (const provided of pkg.provides) if (!byName.has(bare(provided))) byName.set(bare(provided), pkg);
  for (const pkg of packages) {
    const deps = pkg.depends
      .filter((dep) => !dep.startsWith('!'))
      .map((dep) => byName.get(bare(dep)))
      .filter((dep): dep is ApkPackage => dep !== undefined && dep !== pkg)
      .map((dep) => dep.component.purl);
    pkg.component.dependsOn = [...new Set(deps)].sort();
  }
  return packages.map((p) => p.component);
}
