import type { ComponentScope, FoundComponent, Inventory } from '../../model/inventory';

/** How a dependency is declared: a `dev` or `optional` edge caps the scope of everything reached through it. */
export interface GraphEdge {
  to: string;
  kind: ComponentScope;
}

export interface GraphNode {
  /** Absent for the project's own workspaces (yarn `workspace:`, pnpm importers): walked through, never listed. */
  component?: Omit<FoundComponent, 'scope' | 'dependsOn'>;
  edges: GraphEdge[];
}

const RANK: Record<ComponentScope, number> = { dev: 0, optional: 1, required: 2 };
const BY_RANK: ComponentScope[] = ['dev', 'optional', 'required'];

/**
 * Turns a resolved lockfile graph into an Inventory. Node ids are the
 * lockfile's own keys; several nodes may share a purl (peer-dependency
 * variants, patched copies, aliases) and are merged. A component's scope is
 * the best scope over every path from the roots, where a path is only as good
 * as its weakest edge: reachable once without dev or optional edges means
 * `required`. Components no root reaches are kept as `required`: the
 * lockfile says they are installed, and nothing proves otherwise.
 */
export function inventoryFromGraph(nodes: ReadonlyMap<string, GraphNode>, rootEdges: readonly GraphEdge[]): Inventory {
  const best = bestRanks(nodes, rootEdges);
  const flatten = componentTargets(nodes);

  const merged = new Map<string, { component: FoundComponent; rank: number | undefined }>();
  for (const [id, node] of [...nodes].sort(([a], [b]) => compare(a, b))) {
    if (node.component === undefined) continue;
    const { purl } = node.component;
    let entry = merged.get(purl);
    if (entry === undefined) {
      entry = { component: { ...node.component, hashes: [...node.component.hashes], scope: 'required', dependsOn: [] }, rank: undefined };
      merged.set(purl, entry);
    }
    for (const hash of node.component.hashes) {
      if (!entry.component.hashes.some((known) => known.alg === hash.alg && known.content === hash.content)) entry.component.hashes.push(hash);
    }
    const rank = best.get(id);
    if (rank !== undefined && (entry.rank === undefined || rank > entry.rank)) entry.rank = rank;
    for (const edge of node.edges) entry.component.dependsOn.push(...flatten(edge.to).filter((target) => target !== purl));
  }

  const components = [...merged.values()]
    .map(({ component, rank }) => ({ ...component, scope: BY_RANK[rank ?? RANK.required] ?? 'required', dependsOn: sortedUnique(component.dependsOn) }))
    .sort((a, b) => compare(a.purl, b.purl));
  return { components, roots: sortedUnique(rootEdges.flatMap((edge) => flatten(edge.to))) };
}

/** Max-min propagation: re-visits a node only when a better path to it is found, so it ends on cycles. */
function bestRanks(nodes: ReadonlyMap<string, GraphNode>, rootEdges: readonly GraphEdge[]): Map<string, number> {
  const best = new Map<string, number>();
  const pending: Array<[string, number]> = rootEdges.map((edge) => [edge.to, RANK[edge.kind]]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [id, rank] = next;
    if ((best.get(id) ?? -1) >= rank) continue;
    best.set(id, rank);
    for (const edge of nodeOf(nodes, id).edges) pending.push([edge.to, Math.min(rank, RANK[edge.kind])]);
  }
  return best;
}

/**
 * The purls a node stands for: itself, or for a workspace, the components it
 * depends on (through nested workspaces). Not cached: a cached result computed
 * inside a workspace cycle would be missing the cycle's other members.
 */
function componentTargets(nodes: ReadonlyMap<string, GraphNode>): (id: string) => string[] {
  const resolve = (id: string, visiting: ReadonlySet<string>): string[] => {
    const node = nodeOf(nodes, id);
    if (node.component !== undefined) return [node.component.purl];
    if (visiting.has(id)) return [];
    const inside = new Set([...visiting, id]);
    return node.edges.flatMap((edge) => resolve(edge.to, inside));
  };
  return (id) => resolve(id, new Set());
}

function nodeOf(nodes: ReadonlyMap<string, GraphNode>, id: string): GraphNode {
  const node = nodes.get(id);
  // Readers check every edge against the lockfile before building the graph; reaching this is a reader bug.
  if (node === undefined) throw new Error(`dependency graph has an edge to unknown node ${id}`);
  return node;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
