import type { ComponentScope, FoundComponent, Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { sortedInventory } from '../common/sorted-inventory';
import { hashesOf } from './npm-integrity';
import { contentError } from './npm-lock-json';
import { aliasTarget, splitPackageName } from './npm-package-name';

interface V1Entry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, V1Entry>;
}

const SCOPE_RANK: Record<ComponentScope, number> = { required: 0, optional: 1, dev: 2 };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One installed placement: the entry, its key chain in the text, and the `dependencies` maps Node would search from it. */
interface Placement {
  installed: string;
  entry: V1Entry;
  keys: string[];
  evidence: string;
  scopes: Record<string, V1Entry>[];
}

/**
 * lockfileVersion 1 (npm 5–6): a nested `dependencies` tree mirroring node_modules. `requires` names are
 * resolved in the entry's own nested dependencies first, then its ancestors', as Node would. A `file:`
 * version without integrity is a local folder: the project's own code, not a component.
 * v1 does not record the project's own dependency list, so the roots are the top-level packages nothing
 * else requires (a direct dependency also required transitively is still reached through the edges).
 */
export function readNpmLockV1(lock: Record<string, unknown>, text: string, path: string): Inventory {
  const top = lock['dependencies'];
  if (!isRecord(top)) throw contentError(text, path, ['dependencies'], 'lockfileVersion 1 without a "dependencies" object');
  const placements: Placement[] = [];
  const collect = (tree: Record<string, unknown>, keys: string[], scopes: Record<string, V1Entry>[], at: string): void => {
    for (const [installed, entry] of Object.entries(tree)) {
      const entryKeys = [...keys, installed];
      if (!isRecord(entry)) throw contentError(text, path, entryKeys, `dependencies["${installed}"] is not an object`);
      const nested = entry['dependencies'];
      if (nested !== undefined && !isRecord(nested)) throw contentError(text, path, [...entryKeys, 'dependencies'], `dependencies["${installed}"].dependencies is not an object`);
      const chain = nested ? [nested as Record<string, V1Entry>, ...scopes] : scopes;
      placements.push({ installed, entry: entry as V1Entry, keys: entryKeys, evidence: `${path}#${at}${installed}`, scopes: chain });
      if (nested) collect(nested, [...entryKeys, 'dependencies'], chain, `${at}${installed}/node_modules/`);
    }
  };
  collect(top, ['dependencies'], [top as Record<string, V1Entry>], 'node_modules/');

  const byEntry = new Map<V1Entry, FoundComponent>();
  const byPurl = new Map<string, FoundComponent>();
  for (const { installed, entry, keys, evidence } of placements) {
    if (typeof entry.version !== 'string' || !entry.version) throw contentError(text, path, keys, `dependencies["${installed}"] has no version`);
    if (entry.version.startsWith('file:') && entry.integrity === undefined) continue;
    const alias = aliasTarget(entry.version);
    const { namespace, name } = splitPackageName(alias?.fullName ?? installed);
    const version = alias?.version ?? entry.version;
    const purl = purlOf('npm', namespace, name, version);
    const scope: ComponentScope = entry.dev ? 'dev' : entry.optional ? 'optional' : 'required';
    let component = byPurl.get(purl);
    if (!component) {
      component = { purl, ecosystem: 'npm', namespace, name, version, scope, hashes: hashesOf(entry.integrity, text, path, keys), evidence, dependsOn: [] };
      byPurl.set(purl, component);
    } else if (SCOPE_RANK[scope] < SCOPE_RANK[component.scope]) {
      component.scope = scope; // installed at two places: the most needed placement decides
    }
    byEntry.set(entry, component);
  }

  const required = new Set<string>();
  const ownRequires: string[] = [];
  for (const { entry, scopes } of placements) {
    const component = byEntry.get(entry);
    for (const dep of Object.keys(isRecord(entry.requires) ? entry.requires : {})) {
      const found = scopes.find((s) => s[dep])?.[dep];
      const target = found === undefined ? undefined : byEntry.get(found);
      if (target === undefined) continue; // an optional dependency not installed, or a local folder
      if (component === undefined) ownRequires.push(target.purl);
      else if (target !== component) {
        component.dependsOn.push(target.purl);
        required.add(target.purl);
      }
    }
  }
  const topLevel = Object.values(top).flatMap((entry) => byEntry.get(entry as V1Entry) ?? []);
  const roots = [...topLevel.filter((c) => !required.has(c.purl)).map((c) => c.purl), ...ownRequires];
  return sortedInventory(byPurl.values(), roots);
}
