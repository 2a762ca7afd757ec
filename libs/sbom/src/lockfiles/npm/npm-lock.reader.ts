import { SbomInputError, type ComponentScope, type FoundComponent, type Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { hashesOf } from './npm-integrity';
import { parseJsonFile } from '../common/json-text';
import { readNpmLockV1 } from './npm-lock-v1.reader';

/** One `packages` entry of a v2/v3 lockfile (the fields this reader uses). */
interface PackageEntry {
  name?: string;
  version?: string;
  integrity?: string;
  license?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
}

const NODE_MODULES = 'node_modules/';

function scopeOf(entry: PackageEntry): ComponentScope {
  // devOptional: needed by a dev install or as someone's optional dependency — optional either way for what ships.
  if (entry.dev) return 'dev';
  if (entry.optional || entry.devOptional) return 'optional';
  return 'required';
}

function splitName(name: string): { namespace?: string; name: string } {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0 ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { name };
}

/** The installed name of a `node_modules/...` path: what follows the last `node_modules/`. */
function installedName(path: string): string {
  return path.slice(path.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);
}

/** Node's lookup: `from/node_modules/<name>`, then each ancestor's, up to the root. */
function resolveDependency(packages: Record<string, PackageEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}${NODE_MODULES}${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf(`/${NODE_MODULES}`);
    base = up === -1 ? (base.startsWith(NODE_MODULES) ? '' : parentDir(base)) : base.slice(0, up);
  }
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * npm's package-lock.json (v1, v2, v3) and npm-shrinkwrap.json: every installed
 * package path becomes a component (one per name@version), workspace packages
 * and links are the project's own code, and each dependency edge is resolved the
 * way Node resolves `require` — nearest `node_modules` first.
 */
export function readNpmLock(text: string, path: string): Inventory {
  const lock = parseJsonFile(text, path) as { lockfileVersion?: number; packages?: Record<string, PackageEntry>; dependencies?: unknown };
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) throw new SbomInputError(path, 'not an npm lockfile: expected a JSON object');
  if (!lock.packages) {
    if (lock.lockfileVersion === 1 || lock.dependencies) return readNpmLockV1(lock, path);
    throw new SbomInputError(path, `not an npm lockfile: no "packages" (lockfileVersion ${String(lock.lockfileVersion)})`);
  }
  const packages = lock.packages;
  // Link entries point at the workspace folder that really holds the package.
  const target = (p: string): string => (packages[p]?.link && packages[p].resolved ? packages[p].resolved! : p);
  const own = new Set(Object.keys(packages).filter((p) => !p.includes(NODE_MODULES) || packages[p].link));
  own.add('');
  const byPath = new Map<string, FoundComponent>();
  const byPurl = new Map<string, FoundComponent>();
  for (const [p, entry] of Object.entries(packages)) {
    if (own.has(p) || entry.link) continue;
    const installed = installedName(p);
    const realName = entry.name ?? installed;
    if (!entry.version) throw new SbomInputError(path, `packages["${p}"] has no version`);
    const { namespace, name } = splitName(realName);
    const purl = purlOf('npm', namespace, name, entry.version);
    let component = byPurl.get(purl);
    if (!component) {
      component = { purl, ecosystem: 'npm', namespace, name, version: entry.version, scope: scopeOf(entry), hashes: hashesOf(entry.integrity, path, `packages["${p}"]`), evidence: `${path}#${p}`, dependsOn: [] };
      if (entry.license) component.license = entry.license;
      byPurl.set(purl, component);
    } else if (rank(scopeOf(entry)) < rank(component.scope)) {
      component.scope = scopeOf(entry); // installed twice: the most needed placement decides
    }
    byPath.set(p, component);
  }
  const edges = (from: string, entry: PackageEntry): string[] => {
    const names = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
    return Object.keys(names).flatMap((dep) => {
      const resolved = resolveDependency(packages, target(from), dep) ?? resolveDependency(packages, from, dep);
      const component = resolved ? byPath.get(target(resolved)) ?? byPath.get(resolved) : undefined;
      return component ? [component.purl] : []; // an optional or peer dependency that was not installed
    });
  };
  for (const [p, entry] of Object.entries(packages)) {
    const component = byPath.get(p);
    if (!component) continue;
    for (const dep of edges(p, entry)) if (dep !== component.purl && !component.dependsOn.includes(dep)) component.dependsOn.push(dep);
  }
  // Roots: what the project and its workspaces depend on (dev dependencies included; their scope says dev).
  const roots = new Set<string>();
  for (const p of own) {
    const entry = packages[p];
    if (!entry || entry.link) continue;
    for (const dep of edges(p, { ...entry, dependencies: { ...entry.dependencies, ...entry.devDependencies } })) roots.add(dep);
  }
  return { components: [...byPurl.values()], roots: [...roots] };
}

function rank(scope: ComponentScope): number {
  return scope === 'required' ? 0 : scope === 'optional' ? 1 : 2;
}
