import type { ComponentHash, FoundComponent, Inventory } from '../../model/inventory';

/** The inventory in a stable order (components, edges, roots and hashes sorted), so equal inputs give equal SBOMs. */
export function sortedInventory(components: Iterable<FoundComponent>, roots: Iterable<string>): Inventory {
  const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    components: [...components]
      .map((c) => ({ ...c, dependsOn: [...new Set(c.dependsOn)].sort(byString), hashes: uniqueHashes(c.hashes) }))
      .sort((a, b) => byString(a.purl, b.purl)),
    roots: [...new Set(roots)].sort(byString),
  };
}

function uniqueHashes(hashes: ComponentHash[]): ComponentHash[] {
  const keys = [...new Set(hashes.map((h) => `${h.alg}:${h.content}`))].sort();
  return keys.map((key) => {
    const at = key.lastIndexOf(':');
    return { alg: key.slice(0, at) as ComponentHash['alg'], content: key.slice(at + 1) };
  });
}

/**
 * Components no other component depends on. When a lockfile with edges does not name the project's own requirements,
 * these are certainly among them (nothing else pulled them in); a direct requirement that is also pulled in
 * transitively is still reached through the edges.
 */
export function notDependedOn(components: FoundComponent[]): string[] {
  const depended = new Set(components.flatMap((c) => c.dependsOn));
  return components.filter((c) => !depended.has(c.purl)).map((c) => c.purl);
}
