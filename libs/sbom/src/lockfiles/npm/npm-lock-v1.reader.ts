import { SbomInputError, type ComponentScope, type FoundComponent, type Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { hashesOf } from './npm-integrity';

interface V1Entry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, V1Entry>;
}

/**
 * lockfileVersion 1 (npm 5–6): a nested `dependencies` tree mirroring
 * node_modules; `requires` names are resolved in the entry's own nested
 * dependencies first, then its ancestors', as Node would.
 */
export function readNpmLockV1(lock: { dependencies?: unknown; requires?: unknown }, path: string): Inventory {
  if (typeof lock.dependencies !== 'object' || lock.dependencies === null) throw new SbomInputError(path, 'lockfileVersion 1 without "dependencies"');
  const byPurl = new Map<string, FoundComponent>();
  const visit = (tree: Record<string, V1Entry>, scopes: Record<string, V1Entry>[], at: string): void => {
    for (const [installed, entry] of Object.entries(tree)) {
      const component = componentOf(installed, entry, `${at}${installed}`, path);
      const existing = byPurl.get(component.purl);
      if (!existing) byPurl.set(component.purl, component);
      const chain = entry.dependencies ? [entry.dependencies, ...scopes] : scopes;
      for (const dep of Object.keys(entry.requires ?? {})) {
        const found = chain.find((s) => s[dep])?.[dep];
        if (!found) continue;
        const purl = componentOf(dep, found, '', path).purl;
        const owner = existing ?? component;
        if (purl !== owner.purl && !owner.dependsOn.includes(purl)) owner.dependsOn.push(purl);
      }
      if (entry.dependencies) visit(entry.dependencies, chain, `${at}${installed}/node_modules/`);
    }
  };
  const top = lock.dependencies as Record<string, V1Entry>;
  visit(top, [top], 'node_modules/');
  // v1 does not record the root's own dependency list: the top level is what the project required.
  const roots = Object.entries(top).map(([name, entry]) => componentOf(name, entry, '', path).purl);
  return { components: [...byPurl.values()], roots };
}

function componentOf(installed: string, entry: V1Entry, at: string, path: string): FoundComponent {
  if (!entry.version) throw new SbomInputError(path, `dependencies["${installed}"] has no version`);
  // An alias install (`"x": "npm:real@1.0.0"`) is the real package.
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(entry.version);
  const fullName = alias ? alias[1] : installed;
  const version = alias ? alias[2] : entry.version;
  const slash = fullName.startsWith('@') ? fullName.indexOf('/') : -1;
  const namespace = slash > 0 ? fullName.slice(0, slash) : undefined;
  const name = slash > 0 ? fullName.slice(slash + 1) : fullName;
  const scope: ComponentScope = entry.dev ? 'dev' : entry.optional ? 'optional' : 'required';
  return { purl: purlOf('npm', namespace, name, version), ecosystem: 'npm', namespace, name, version, scope, hashes: hashesOf(entry.integrity, path, `dependencies["${installed}"]`), evidence: `${path}#${at}`, dependsOn: [] };
}
