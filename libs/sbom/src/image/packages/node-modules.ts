import type { FoundComponent } from '../../model/inventory';
import type { FilesystemView } from '../filesystem-view';
import { layerPath } from '../filesystem-view';
import { wantOf } from '../wanted-files';
import { imageComponent } from './component';
import { parseJsonFile } from './json-file';

interface PackageJson {
  name?: unknown;
  version?: unknown;
  license?: unknown;
  licenses?: unknown;
  author?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
  peerDependencies?: unknown;
}

/** Installed npm packages: every `node_modules/[@scope/]<name>/package.json` in the final filesystem. */
export function readNodeModules(view: FilesystemView): FoundComponent[] {
  const byDir = new Map<string, { component: FoundComponent; deps: string[] }>();
  for (const file of view.list()) {
    if (file.kind !== 'file' || !file.path.endsWith('/package.json') || !file.path.includes('node_modules/') || wantOf(file.path) !== 'content') continue;
    const where = layerPath(file.layer, file.path);
    const json = parseJsonFile(file.content.toString('utf8'), where) as PackageJson;
    // A package.json without name and version is a fixture or template shipped inside a package, not an install.
    if (typeof json.name !== 'string' || typeof json.version !== 'string') continue;
    const scoped = json.name.startsWith('@') ? json.name.split('/') : undefined;
    const component = imageComponent({
      ecosystem: 'npm',
      namespace: scoped?.[0],
      name: scoped?.[1] ?? json.name,
      version: json.version,
      license: npmLicense(json),
      supplier: npmPerson(json.author),
      evidence: where,
    });
    const deps = [json.dependencies, json.optionalDependencies, json.peerDependencies].flatMap((d) => (typeof d === 'object' && d !== null ? Object.keys(d) : []));
    byDir.set(file.path.slice(0, -'/package.json'.length), { component, deps });
  }
  for (const [dir, pkg] of byDir) {
    const resolved = pkg.deps.map((dep) => resolve(byDir, dir, dep)).filter((p): p is string => p !== undefined && p !== pkg.component.purl);
    pkg.component.dependsOn = [...new Set(resolved)].sort();
  }
  return [...byDir.values()].map((p) => p.component);
}

/** Node's lookup: `<dir>/node_modules/<dep>`, then each enclosing `node_modules` up the tree. */
function resolve(byDir: Map<string, { component: FoundComponent }>, dir: string, dep: string): string | undefined {
  const candidates = [`${dir}/node_modules/${dep}`];
  for (let base = dir, cut = base.lastIndexOf('node_modules/'); cut >= 0; cut = base.lastIndexOf('node_modules/')) {
    base = base.slice(0, cut);
    candidates.push(`${base}node_modules/${dep}`);
    base = base.replace(/\/$/, '');
  }
  return candidates.map((c) => byDir.get(c)?.component.purl).find((purl) => purl !== undefined);
}

/** `license` (string, or legacy `{type}`) or legacy `licenses: [{type}]` joined with OR. */
function npmLicense(json: PackageJson): string | undefined {
  const type = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : undefined;
  const single = type(json.license);
  if (single !== undefined) return single;
  if (!Array.isArray(json.licenses)) return undefined;
  const all = json.licenses.map(type).filter((t): t is string => t !== undefined);
  if (all.length === 0) return undefined;
  return all.length === 1 ? all[0] : `(${all.join(' OR ')})`;
}

/** `author` as npm writes it: `"Name <email>"`, or `{name, email}` rendered the same way. */
function npmPerson(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, email } = value as { name?: unknown; email?: unknown };
  if (typeof name !== 'string') return undefined;
  return typeof email === 'string' ? `${name} <${email}>` : name;
}
