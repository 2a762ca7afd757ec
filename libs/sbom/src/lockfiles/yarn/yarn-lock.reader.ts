import { posix } from 'node:path';
import { SbomInputError } from '../../model/inventory';
import type { Inventory, LockfileReader } from '../../model/inventory';
import { inventoryFromGraph } from './dependency-graph';
import type { GraphEdge } from './dependency-graph';
import { parsePackageManifest } from './package-manifest';
import { buildYarnGraph } from './yarn-lock-graph';
import type { YarnLockGraph } from './yarn-lock-graph';
import { parseYarnLockText } from './yarn-lock-text';

/**
 * Reads a yarn.lock, classic (`# yarn lockfile v1`) or berry (`__metadata:`).
 * The lockfile alone does not say which packages are dev-only, so every
 * component is `required` unless only reached through optional dependencies.
 * Roots: berry's workspace entries list them; classic's are the entries no
 * other entry depends on (a direct dependency that is also a transitive one
 * is then not a root; use readYarnProject for the exact list).
 */
export const readYarnLock: LockfileReader = (text, path) => {
  const graph = buildYarnGraph(parseYarnLockText(text, path), path);
  const rootEdges = graph.workspaces.length > 0 ? workspaceEdges(graph, false) : unreferencedEntries(graph);
  return inventoryFromGraph(graph.nodes, rootEdges);
};

/**
 * Reads a yarn.lock with the project's package.json: roots are the manifest's
 * direct dependencies, and components reached only from devDependencies are
 * `dev`, only through optionalDependencies `optional`. Other berry workspaces
 * contribute their lockfile dependencies as roots too.
 */
export function readYarnProject(lockText: string, lockPath: string, manifestText: string): Inventory {
  const manifestPath = posix.join(posix.dirname(lockPath.replaceAll('\\', '/')), 'package.json');
  const manifest = parsePackageManifest(manifestText, manifestPath);
  const lock = parseYarnLockText(lockText, lockPath);
  const graph = buildYarnGraph(lock, lockPath);
  const rootWorkspace = graph.workspaces.find((workspace) => workspace.isRoot);
  const rootResolution = rootWorkspace === undefined ? undefined : lock.entries.get(rootWorkspace.key)?.['resolution'];

  const rootEdges: GraphEdge[] = [];
  for (const { name, range, kind } of manifest.dependencies) {
    const to = graph.resolve(name, range, typeof rootResolution === 'string' ? rootResolution : undefined);
    if (to !== undefined) {
      rootEdges.push({ to, kind });
      continue;
    }
    // Classic yarn locks neither workspace packages nor `link:` folders.
    if (lock.flavour === 'classic' && (manifest.hasWorkspaces || range.startsWith('link:'))) continue;
    throw new SbomInputError(lockPath, `package.json declares ${name}@${range}, which has no entry (lockfile out of date or truncated?)`);
  }
  return inventoryFromGraph(graph.nodes, [...rootEdges, ...workspaceEdges(graph, true)]);
}

/** The dependencies of berry's workspace entries (the root one's too, unless a manifest replaces it). */
function workspaceEdges(graph: YarnLockGraph, skipRoot: boolean): GraphEdge[] {
  return graph.workspaces
    .filter((workspace) => !(skipRoot && workspace.isRoot))
    .flatMap((workspace) => graph.nodes.get(workspace.key)?.edges ?? []);
}

function unreferencedEntries(graph: YarnLockGraph): GraphEdge[] {
  const referenced = new Set([...graph.nodes.values()].flatMap((node) => node.edges.map((edge) => edge.to)));
  return [...graph.nodes.keys()].filter((key) => !referenced.has(key)).map((to) => ({ to, kind: 'required' }));
}
