import { SbomInputError, type ComponentScope, type FoundComponent, type Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { sortedInventory } from '../common/sorted-inventory';
import { hashesOf } from './npm-integrity';
import { parseJsonFile } from '../common/json-text';
import { contentError } from './npm-lock-json';
import { readNpmLockV1 } from './npm-lock-v1.reader';
import { splitPackageName } from './npm-package-name';

/** One `packages` entry of a v2/v3 lockfile (the fields this reader uses). */
interface PackageEntry {
  name?: string;
  version?: string;
  integrity?: string;
  license?: unknown;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const NODE_MODULES = 'node_modules/';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `dev`: only a dev install needs it. `optional` alone, or `devOptional` (a dev dependency that is also an
 * optional dependency of a production package): installed in production when the platform allows.
 * `dev` + `optional` is an optional dependency of a dev dependency: dev.
 */
function scopeOf(entry: PackageEntry): ComponentScope {
  if (entry.dev) return 'dev';
  if (entry.optional || entry.devOptional) return 'optional';
  return 'required';
}

const SCOPE_RANK: Record<ComponentScope, number> = { required: 0, optional: 1, dev: 2 };

/** The installed name of a `node_modules/...` path: what follows the last `node_modules/`. */
const installedName = (path: string): string => path.slice(path.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);

/** Node's lookup for `require(name)` from the package at `from`: its own node_modules, then each ancestor folder's. */
function walkToRoot(from: string, found: (base: string) => string | undefined): string | undefined {
  for (let base = from; ; ) {
    const hit = found(base);
    if (hit !== undefined) return hit;
    if (!base) return undefined;
    const up = base.lastIndexOf(`/${NODE_MODULES}`);
    if (up !== -1) base = base.slice(0, up);
    else if (base.startsWith(NODE_MODULES)) base = '';
    else base = base.includes('/') ? base.slice(0, base.lastIndexOf('/')) : '';
  }
}

/** `packages` keys by installed name, then by the folder whose node_modules holds them (`''`: the root). */
type InstalledAt = Map<string, Map<string, string>>;

/**
 * Indexes every `…node_modules/<name>` key by name and folder, so resolving an edge looks up the
 * few folders a name is installed in rather than building and hashing a path per ancestor (a
 * thousand packages make thousands of edges, each walking up a few levels).
 */
function installedAt(packages: Record<string, PackageEntry>): InstalledAt {
  const at: InstalledAt = new Map();
  for (const key in packages) {
    let i = key.lastIndexOf(NODE_MODULES);
    while (i > 0 && (key[i - 1] !== '/' || i === 1)) i = key.lastIndexOf(NODE_MODULES, i - 1);
    if (i === -1) continue;
    const name = key.slice(i + NODE_MODULES.length);
    const folders = at.get(name) ?? new Map<string, string>();
    folders.set(i === 0 ? '' : key.slice(0, i - 1), key);
    at.set(name, folders);
  }
  return at;
}

/** The `packages` key `require(name)` finds from the package at `from`, if installed. */
function resolveDependency(packages: Record<string, PackageEntry>, installed: InstalledAt, from: string, name: string): string | undefined {
  // A name holding `node_modules/` (no npm package has one) splits another way than the index: look paths up as they are.
  if (name.includes(NODE_MODULES)) {
    const candidate = (base: string): string => `${base ? `${base}/` : ''}${NODE_MODULES}${name}`;
    return walkToRoot(from, (base) => (packages[candidate(base)] ? candidate(base) : undefined));
  }
  const folders = installed.get(name);
  if (!folders) return undefined;
  // Every walk ends at the root, so a name installed only there is found there.
  if (folders.size === 1 && folders.has('')) return folders.get('');
  return walkToRoot(from, (base) => folders.get(base));
}

/** Every entry must be an object with string fields where strings belong; anything else is a damaged lockfile. */
function checkedPackages(packages: unknown, text: string, path: string): Record<string, PackageEntry> {
  if (!isRecord(packages)) throw contentError(text, path, ['packages'], '"packages" is not an object');
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) throw contentError(text, path, ['packages', key], `packages["${key}"] is not an object`);
    for (const field of ['name', 'version', 'resolved'] as const) {
      if (entry[field] !== undefined && typeof entry[field] !== 'string') throw contentError(text, path, ['packages', key, field], `packages["${key}"].${field} is not a string`);
    }
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const) {
      if (entry[field] !== undefined && !isRecord(entry[field])) throw contentError(text, path, ['packages', key, field], `packages["${key}"].${field} is not an object`);
    }
  }
  return packages as Record<string, PackageEntry>;
}

/**
 * npm's package-lock.json (v1, v2, v3), npm-shrinkwrap.json and node_modules/.package-lock.json: every
 * installed package path becomes a component (one per name@version; an alias is the package it installs),
 * workspace packages and links are the project's own code, and each dependency edge is resolved the way
 * Node resolves `require` — nearest `node_modules` first. Platform-specific optional packages are all
 * listed (scope `optional`): the lockfile records every platform's, and cannot say which platform built.
 */
export function readNpmLock(text: string, path: string): Inventory {
  const lock = parseJsonFile(text, path);
  if (!isRecord(lock)) throw new SbomInputError(path, 'not an npm lockfile: expected a JSON object', { line: 1, column: 1 });
  if (lock['packages'] === undefined) {
    if (lock['lockfileVersion'] === 1 || lock['dependencies'] !== undefined) return readNpmLockV1(lock, text, path);
    throw contentError(text, path, ['lockfileVersion'], `not an npm lockfile: no "packages" (lockfileVersion ${JSON.stringify(lock['lockfileVersion'])})`);
  }
  const packages = checkedPackages(lock['packages'], text, path);
  // A link entry stands for the folder it points at (a workspace package or a `file:` dependency).
  const target = (p: string): string => (packages[p]?.link && packages[p].resolved ? packages[p].resolved : p);
  const own = new Set(Object.keys(packages).filter((p) => !p.includes(NODE_MODULES) || packages[p].link));
  own.add('');

  const byPath = new Map<string, FoundComponent>();
  const byPurl = new Map<string, FoundComponent>();
  for (const [p, entry] of Object.entries(packages)) {
    if (own.has(p)) continue;
    if (!entry.version) throw contentError(text, path, ['packages', p], `packages["${p}"] has no version`);
    const { namespace, name } = splitPackageName(entry.name ?? installedName(p));
    const purl = purlOf('npm', namespace, name, entry.version);
    let component = byPurl.get(purl);
    if (!component) {
      const hashes = hashesOf(entry.integrity, text, path, ['packages', p]);
      component = { purl, ecosystem: 'npm', namespace, name, version: entry.version, scope: scopeOf(entry), hashes, evidence: `${path}#${p}`, dependsOn: [] };
      if (typeof entry.license === 'string') component.license = entry.license;
      byPurl.set(purl, component);
    } else if (SCOPE_RANK[scopeOf(entry)] < SCOPE_RANK[component.scope]) {
      component.scope = scopeOf(entry); // installed at two places: the most needed placement decides
    }
    byPath.set(p, component);
  }

  const installed = installedAt(packages);
  // Dependencies that resolve to nothing are optional or peer dependencies not installed (another platform's).
  const edges = (from: string, names: string[]): string[] => {
    const linked = target(from);
    const purls: string[] = [];
    for (const dep of names) {
      // From a link's target first; from the link's own place only when that is elsewhere (a miss costs a walk to the root).
      const resolved = resolveDependency(packages, installed, linked, dep) ?? (linked === from ? undefined : resolveDependency(packages, installed, from, dep));
      const component = resolved === undefined ? undefined : byPath.get(resolved);
      if (component) purls.push(component.purl);
    }
    return purls;
  };
  // A thousand packages: collecting names without building a merged object per package keeps the collector idle.
  const namesOf = (entry: PackageEntry, withDev: boolean): string[] => {
    const names = new Set<string>();
    for (const group of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies, withDev ? entry.devDependencies : undefined]) {
      if (group) for (const name in group) names.add(name);
    }
    return [...names];
  };

  for (const [p, component] of byPath) {
    for (const dep of edges(p, namesOf(packages[p], false))) if (dep !== component.purl) component.dependsOn.push(dep);
  }
  // Roots: what the project and its workspace packages depend on (dev dependencies too: their scope says dev).
  const roots = [...own].filter((p) => packages[p] && !packages[p].link).flatMap((p) => edges(p, namesOf(packages[p], true)));
  return sortedInventory(byPurl.values(), roots);
}
