import { SbomInputError } from '../../model/inventory';
import type { ComponentHash, ComponentScope, FoundComponent, Inventory } from '../../model/inventory';
import { normalisePypiName, pypiPurl } from './pypi-name';
import { notDependedOn, sortedInventory } from '../common/sorted-inventory';
import { isTable, parseTomlFile, requiredString, sha256Of, tablesOf } from '../common/toml-file';
import type { TomlTable } from '../common/toml-file';

/**
 * Scope from what the lock says: `groups` (Poetry ≥ 2) or `category` (Poetry < 1.5); an entry of no main group is a
 * development dependency. Lock format 2.0 of Poetry 1.5–1.8 says neither, so everything there counts as shipped.
 * `optional = true` marks a package only an extra pulls in.
 */
function scopeOf(table: TomlTable): ComponentScope {
  const groups = Array.isArray(table.groups) ? table.groups : undefined;
  const main = groups ? groups.includes('main') : table.category !== 'dev';
  if (!main) return 'dev';
  return table.optional === true ? 'optional' : 'required';
}

/** Every file's `sha256:` hash: the lock lists each wheel and sdist, and the one installed is any of them. */
function hashesOf(files: unknown): ComponentHash[] {
  if (!Array.isArray(files)) return [];
  return files.flatMap((file) => {
    const content = isTable(file) ? sha256Of(file.hash) : undefined;
    return content ? [{ alg: 'SHA-256' as const, content }] : [];
  });
}

/** Names of `[package.dependencies]`, leaving out those only an extra asks for (the lock does not say which extras were chosen). */
function requiredDependencyNames(dependencies: unknown): string[] {
  if (!isTable(dependencies)) return [];
  return Object.entries(dependencies)
    .filter(([, spec]) => {
      const alternatives = Array.isArray(spec) ? spec : [spec];
      return alternatives.some((alternative) => !(isTable(alternative) && alternative.optional === true));
    })
    .map(([name]) => normalisePypiName(name));
}

/** The packages of a poetry.lock (lock formats 1.1 to 2.1) with their files' SHA-256 hashes and dependency edges. */
export function readPoetryLock(text: string, path: string): Inventory {
  const document = parseTomlFile(text, path);
  // Poetry writes [metadata] last: a lock without it was cut short.
  const metadata = document.metadata;
  if (!isTable(metadata) || typeof metadata['lock-version'] !== 'string') {
    throw new SbomInputError(path, 'truncated or not a poetry.lock: no [metadata] table with a lock-version (Poetry writes it last)');
  }
  // Lock format 1.1 kept the file hashes apart, under [metadata.files].
  const legacyFiles = isTable(metadata.files) ? metadata.files : {};

  const entries = tablesOf(document, 'package', text, path).map(({ table, line }) => {
    const name = requiredString(table, 'name', path, line, 'package');
    const version = requiredString(table, 'version', path, line, `package ${name}`);
    const component: FoundComponent = {
      purl: pypiPurl(name, version),
      ecosystem: 'pypi',
      name: normalisePypiName(name),
      version,
      scope: scopeOf(table),
      hashes: hashesOf(table.files ?? legacyFiles[name]),
      evidence: `${path}:${line}`,
      dependsOn: [],
    };
    return { component, dependencyNames: requiredDependencyNames(table.dependencies) };
  });

  const purlsByName = new Map<string, string[]>();
  for (const { component } of entries) purlsByName.set(component.name, [...(purlsByName.get(component.name) ?? []), component.purl]);
  const components = new Map<string, FoundComponent>();
  for (const { component, dependencyNames } of entries) {
    // A dependency absent from the lock is one Poetry ruled out for every platform and Python the project supports.
    const dependsOn = dependencyNames.flatMap((name) => purlsByName.get(name) ?? []);
    const previous = components.get(component.purl);
    components.set(component.purl, previous ? { ...previous, hashes: [...previous.hashes, ...component.hashes], dependsOn: [...previous.dependsOn, ...dependsOn] } : { ...component, dependsOn });
  }
  return sortedInventory(components.values(), notDependedOn([...components.values()]));
}
