import type { ComponentScope, FoundComponent, Inventory } from '../model/inventory';

const RANK: Record<ComponentScope, number> = { required: 0, optional: 1, dev: 2 };

/** One inventory from several (lockfiles of a monorepo, layers' databases): one component per purl, the most needed scope wins. */
export function mergeInventories(inventories: Inventory[]): Inventory {
  const byPurl = new Map<string, FoundComponent>();
  const roots = new Set<string>();
  for (const inventory of inventories) {
    for (const component of inventory.components) {
      const existing = byPurl.get(component.purl);
      if (!existing) {
        byPurl.set(component.purl, { ...component, hashes: [...component.hashes], dependsOn: [...component.dependsOn] });
        continue;
      }
      if (RANK[component.scope] < RANK[existing.scope]) existing.scope = component.scope;
      for (const dep of component.dependsOn) if (!existing.dependsOn.includes(dep)) existing.dependsOn.push(dep);
      for (const hash of component.hashes) if (!existing.hashes.some((h) => h.alg === hash.alg)) existing.hashes.push(hash);
      existing.license ??= component.license;
      existing.supplier ??= component.supplier;
    }
    for (const root of inventory.roots) roots.add(root);
  }
  return { components: [...byPurl.values()], roots: [...roots] };
}
