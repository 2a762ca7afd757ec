import type { FoundComponent, Inventory } from '../model/inventory';
import type { FilesystemView } from './filesystem-view';
import { readApkPackages } from './packages/apk-installed';
import { readDpkgPackages } from './packages/dpkg-status';
import { readMavenPackages } from './packages/maven-pom-properties';
import { readNodeModules } from './packages/node-modules';
import { distroQualifier, readOsRelease } from './packages/os-release';
import { readPythonPackages } from './packages/python-metadata';

/**
 * Every package database in the image's final filesystem. Everything installed in an image shipped, so every
 * component is `required` and a root of the image.
 */
export function inventoryOfView(view: FilesystemView): Inventory {
  const os = readOsRelease(view);
  // Without os-release the namespace is the package manager's usual distro; the release is never guessed.
  const distro = distroQualifier(os);
  const found = [
    ...readDpkgPackages(view, os?.id ?? 'debian', distro),
    ...readApkPackages(view, os?.id ?? 'alpine', distro),
    ...readNodeModules(view),
    ...readPythonPackages(view),
    ...readMavenPackages(view),
  ];
  const components = mergeByPurl(found);
  return { components, roots: components.map((c) => c.purl) };
}

/** One component per purl (the same package installed at two paths): first evidence kept, deps and hashes merged. */
function mergeByPurl(found: FoundComponent[]): FoundComponent[] {
  const byPurl = new Map<string, FoundComponent>();
  for (const component of found) {
    const seen = byPurl.get(component.purl);
    if (seen === undefined) {
      byPurl.set(component.purl, component);
      continue;
    }
    seen.dependsOn = [...new Set([...seen.dependsOn, ...component.dependsOn])].sort();
    for (const hash of component.hashes) {
      if (!seen.hashes.some((h) => h.alg === hash.alg)) seen.hashes.push(hash);
    }
  }
  return [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}
