import { SbomInputError } from '../../model/inventory';
import type { ComponentHash } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import type { GraphEdge, GraphNode } from './dependency-graph';
import { hashFromResolvedFragment, hashesFromIntegrity } from '../common/sri-hash';
import { descriptorsOfKey, isRecord, position, splitDescriptor } from './yarn-lock-text';
import type { YarnEntry, YarnLockText } from './yarn-lock-text';

export interface YarnLockGraph {
  /** Graph nodes by raw entry key. */
  nodes: Map<string, GraphNode>;
  /** Entry key a dependency resolves to; `parent` is the depending entry's berry resolution (for `file:`-like bindings). */
  resolve(name: string, range: string, parent?: string): string | undefined;
  /** Keys of berry `workspace:` entries; the root workspace's resolution ends in `@workspace:.`. */
  workspaces: Array<{ key: string; isRoot: boolean }>;
}

/** Builds one graph node per lockfile entry and checks every dependency resolves to an entry. */
export function buildYarnGraph(lock: YarnLockText, path: string): YarnLockGraph {
  const byDescriptor = new Map<string, string>();
  for (const key of lock.entries.keys()) for (const descriptor of descriptorsOfKey(key)) byDescriptor.set(descriptor, key);
  const resolve = (name: string, range: string, parent?: string): string | undefined => {
    const exact = byDescriptor.get(`${name}@${range}`);
    if (exact !== undefined || lock.flavour === 'classic') return exact;
    // Berry keys always carry a protocol: a bare range (older berry, or a manifest) means `npm:`.
    if (!/^[a-z]+:/i.test(range)) return byDescriptor.get(`${name}@npm:${range}`);
    // Relative protocols (`file:`, `link:`, `portal:`) are bound to the entry that declared them.
    return parent === undefined ? undefined : byDescriptor.get(`${name}@${range}::locator=${encodeURIComponent(parent)}`);
  };

  const nodes = new Map<string, GraphNode>();
  const workspaces: YarnLockGraph['workspaces'] = [];
  for (const [key, entry] of lock.entries) {
    const fail = (reason: string): SbomInputError => new SbomInputError(path, `entry "${key}": ${reason}`, position(lock.lineOf(key)));
    const version = entry['version'];
    if (typeof version !== 'string' || version === '') throw fail('has no version (truncated or hand-edited lockfile?)');
    const resolution = typeof entry['resolution'] === 'string' ? entry['resolution'] : undefined;
    const edges = dependencyEdges(entry, fail, (name, range) => resolve(name, range, resolution));
    if (lock.flavour === 'classic') {
      nodes.set(key, { component: classicComponent(key, version, entry, path, fail), edges });
      continue;
    }
    const locator = resolution === undefined ? undefined : splitDescriptor(resolution);
    if (resolution === undefined || locator === undefined) throw fail('has no resolution (truncated or hand-edited lockfile?)');
    if (locator.range.startsWith('workspace:')) {
      // The project's own packages: their dependencies count, they are not components.
      workspaces.push({ key, isRoot: locator.range === 'workspace:.' });
      nodes.set(key, { edges });
      continue;
    }
    if (/^(link|portal):/.test(locator.range)) {
      // A symlinked local folder: not a package that shipped (its version is a placeholder), but what it depends on did.
      nodes.set(key, { edges });
      continue;
    }
    // `checksum` is deliberately not recorded: it is the SHA-512 of the zip yarn
    // repacks into its cache, not of the registry tarball, so no consumer could verify it.
    // A `patch:` resolution names the patched package; `version` is that package's version.
    nodes.set(key, { component: npmComponent(locator.name, version, [], `${path}#${resolution}`), edges });
  }
  return { nodes, resolve, workspaces };
}

function classicComponent(key: string, version: string, entry: YarnEntry, path: string, fail: (reason: string) => SbomInputError) {
  const first = descriptorsOfKey(key)[0] ?? '';
  const descriptor = splitDescriptor(first);
  if (descriptor === undefined) throw fail(`"${first}" is not a name@range descriptor`);
  // `alias@npm:real@range` installs `real`; the alias is only the folder name.
  const aliased = descriptor.range.startsWith('npm:') ? splitDescriptor(descriptor.range.slice(4)) : undefined;
  const name = aliased?.name ?? (descriptor.range.startsWith('npm:') ? descriptor.range.slice(4) : descriptor.name);
  return npmComponent(name, version, classicHashes(entry, fail), `${path}#${first}`);
}

/** `integrity` (SRI) plus the SHA-1 classic puts in the `resolved` URL fragment: both are of the registry tarball. */
function classicHashes(entry: YarnEntry, fail: (reason: string) => SbomInputError): ComponentHash[] {
  const integrity = entry['integrity'];
  const hashes = typeof integrity === 'string' ? hashesFromIntegrity(integrity) : [];
  if (hashes === undefined) throw fail(`integrity "${String(integrity)}" is not a valid SRI hash (truncated?)`);
  const resolved = entry['resolved'];
  const fromUrl = typeof resolved === 'string' ? hashFromResolvedFragment(resolved) : undefined;
  if (fromUrl !== undefined && !hashes.some((hash) => hash.alg === fromUrl.alg && hash.content === fromUrl.content)) hashes.push(fromUrl);
  return hashes;
}

function npmComponent(name: string, version: string, hashes: ComponentHash[], evidence: string) {
  const scoped = /^(@[^/]+)\/(.+)$/.exec(name);
  const namespace = scoped?.[1];
  const bare = scoped?.[2] ?? name;
  return {
    purl: purlOf('npm', namespace, bare, version),
    ecosystem: 'npm' as const,
    ...(namespace === undefined ? {} : { namespace }),
    name: bare,
    version,
    hashes,
    evidence,
  };
}

/** `dependencies` (berry marks optional ones in `dependenciesMeta`) and classic's `optionalDependencies`. */
function dependencyEdges(
  entry: YarnEntry,
  fail: (reason: string) => SbomInputError,
  resolve: (name: string, range: string) => string | undefined,
): GraphEdge[] {
  const meta = isRecord(entry['dependenciesMeta']) ? entry['dependenciesMeta'] : {};
  const edges: GraphEdge[] = [];
  for (const field of ['dependencies', 'optionalDependencies'] as const) {
    const declared = entry[field];
    if (declared === undefined) continue;
    if (!isRecord(declared)) throw fail(`"${field}" is not a mapping`);
    for (const [name, range] of Object.entries(declared)) {
      if (typeof range !== 'string') throw fail(`"${field}.${name}" is not a string`);
      const to = resolve(name, range);
      // Classic yarn does not lock `link:` dependencies: the folder is used as it is.
      if (to === undefined && range.startsWith('link:')) continue;
      if (to === undefined) throw fail(`depends on ${name}@${range}, which has no entry (truncated or hand-edited lockfile?)`);
      const flags = meta[name];
      const optional = field === 'optionalDependencies' || (isRecord(flags) && String(flags['optional']) === 'true');
      edges.push({ to, kind: optional ? 'optional' : 'required' });
    }
  }
  return edges;
}
