import type { FoundComponent } from '../../model/inventory';
import { SbomInputError } from '../../model/inventory';
import type { FilesystemView, ViewFile } from '../filesystem-view';
import { layerPath } from '../filesystem-view';
import { imageComponent } from './component';
import type { Stanza } from './control-stanzas';
import { parseControlStanzas } from './control-stanzas';

interface DebPackage {
  component: FoundComponent;
  arch: string;
  depends: string;
  provides: string[];
}

/**
 * Installed Debian/Ubuntu packages from `var/lib/dpkg/status` and distroless `var/lib/dpkg/status.d/*`.
 * `namespace` is the purl namespace (the os-release ID), `distro` the `distro=` qualifier when the release is known.
 */
export function readDpkgPackages(view: FilesystemView, namespace: string, distro?: string): FoundComponent[] {
  const packages: DebPackage[] = [];
  for (const file of view.list()) {
    if (file.kind !== 'file') continue;
    const distroless = file.path.startsWith('var/lib/dpkg/status.d/') && !file.path.endsWith('.md5sums');
    if (file.path !== 'var/lib/dpkg/status' && !distroless) continue;
    const where = layerPath(file.layer, file.path);
    for (const stanza of parseControlStanzas(file.content.toString('utf8'), where, !distroless)) {
      const status = stanza.fields.get('Status');
      // distroless status.d files carry no Status: being there means installed.
      if (status === undefined ? !distroless : !isInstalled(status)) continue;
      packages.push(debPackage(stanza, view, file, where, namespace, distro));
    }
  }
  return resolveDepends(packages);
}

/** `install ok installed` (and `hold ok installed`: held, but on disk); not config-files, half-installed… */
function isInstalled(status: string): boolean {
  const [want, flag, state] = status.trim().split(/\s+/);
  return (want === 'install' || want === 'hold') && flag === 'ok' && state === 'installed';
}

function debPackage(stanza: Stanza, view: FilesystemView, status: ViewFile, where: string, namespace: string, distro: string | undefined): DebPackage {
  const field = (name: string): string => {
    const value = stanza.fields.get(name);
    if (value === undefined || value === '') throw new SbomInputError(where, `package stanza has no ${name}`, { line: stanza.line });
    return value;
  };
  const name = field('Package');
  const version = field('Version');
  const arch = field('Architecture');
  // The layer that installed a package wrote its file list; the status file is rewritten by every apt run.
  const list = view.get(`var/lib/dpkg/info/${name}:${arch}.list`) ?? view.get(`var/lib/dpkg/info/${name}.list`);
  const upstream = sourceOf(stanza, name, version, where);
  const component = imageComponent({
    ecosystem: 'deb',
    namespace,
    name,
    version,
    qualifiers: { arch, upstream, ...(distro === undefined ? {} : { distro }) },
    supplier: stanza.fields.get('Maintainer'),
    evidence: list === undefined ? where : layerPath(list.layer, list.path),
  });
  const depends = [stanza.fields.get('Pre-Depends'), stanza.fields.get('Depends')].filter((d) => d !== undefined).join(', ');
  return { component, arch, depends, provides: dependencyNames(stanza.fields.get('Provides') ?? '') };
}

/**
 * The `upstream=` qualifier: the source package distro advisories are written against, with its
 * version when it differs from the binary's (binNMUs, `Source: glibc (2.36-9+deb12u3)`), as syft
 * writes it (`glibc@2.36-9+deb12u3`). dpkg leaves `Source` out when it is the package's own name;
 * that name is still written, so a reader knows the source is known rather than missing.
 */
function sourceOf(stanza: Stanza, name: string, version: string, where: string): string {
  const field = stanza.fields.get('Source');
  if (field === undefined || field.trim() === '') return name;
  const match = /^([^\s()]+)(?:\s+\(([^\s()]+)\))?$/.exec(field.trim());
  if (match === null) throw new SbomInputError(where, `package ${name} has a Source field that is not "name" or "name (version)": "${field.slice(0, 60)}"`, { line: stanza.line });
  const [, source, sourceVersion] = match;
  return sourceVersion === undefined || sourceVersion === version ? source : `${source}@${sourceVersion}`;
}

/** `Depends: a (>= 1), b:any | c` → purls: version constraints and arch qualifiers dropped, first installed alternative. */
function resolveDepends(packages: DebPackage[]): FoundComponent[] {
  const byName = new Map<string, DebPackage[]>();
  const add = (name: string, pkg: DebPackage) => byName.set(name, [...(byName.get(name) ?? []), pkg]);
  for (const pkg of packages) add(pkg.component.name, pkg);
  // Virtual packages (`Provides: libz1`) resolve to their providers, after the real names.
  for (const pkg of packages) for (const provided of pkg.provides) add(provided, pkg);
  for (const pkg of packages) {
    const deps = new Set<string>();
    for (const group of pkg.depends.split(',').map((g) => g.trim()).filter((g) => g !== '')) {
      for (const alternative of group.split('|')) {
        const [name] = dependencyNames(alternative);
        const candidates = byName.get(name) ?? [];
        const match = candidates.find((c) => c.arch === pkg.arch) ?? candidates.find((c) => c.arch === 'all') ?? candidates[0];
        if (match !== undefined) {
          if (match !== pkg) deps.add(match.component.purl);
          break;
        }
      }
    }
    pkg.component.dependsOn = [...deps].sort();
  }
  return packages.map((p) => p.component);
}

function dependencyNames(list: string): string[] {
  return list.split(',').map((entry) => entry.trim().split(/[\s(:[]/)[0]).filter((n) => n !== '');
}
