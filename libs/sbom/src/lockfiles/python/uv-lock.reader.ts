import { SbomInputError } from '../../model/inventory';
import type { ComponentHash, ComponentScope, FoundComponent, Inventory } from '../../model/inventory';
import { normalisePypiName, pypiPurl } from './pypi-name';
import { sortedInventory } from '../common/sorted-inventory';
import { isTable, parseTomlFile, requiredString, sha256Of, tablesOf } from '../common/toml-file';
import type { TomlTable } from '../common/toml-file';

interface LockedPackage {
  table: TomlTable;
  line: number;
  name: string;
  version?: string;
  /** The project's own packages (workspace members, the `editable`/`virtual` root): not components. */
  member: boolean;
  component?: FoundComponent;
}

interface Edge {
  target: LockedPackage;
  extras: string[];
}

const RANK: Record<ComponentScope, number> = { required: 3, optional: 2, dev: 1 };

function dependencyEntries(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.filter(isTable) : [];
}

/** The sdist's and every wheel's SHA-256: the lock lists each, and the one installed is any of them. */
function hashesOf(table: TomlTable): ComponentHash[] {
  const files = [table.sdist, ...(Array.isArray(table.wheels) ? table.wheels : [])];
  return files.flatMap((file) => {
    const content = isTable(file) ? sha256Of(file.hash) : undefined;
    return content ? [{ alg: 'SHA-256' as const, content }] : [];
  });
}

/** The packages of a uv.lock, scoped by how the project reaches them: its dependencies, extras, or dependency groups (dev). */
export function readUvLock(text: string, path: string): Inventory {
  const document = parseTomlFile(text, path);
  if (typeof document.version !== 'number') throw new SbomInputError(path, 'not a uv.lock: no top-level "version"', { line: 1 });
  const members = new Set((isTable(document.manifest) && Array.isArray(document.manifest.members) ? document.manifest.members : []).map(String).map(normalisePypiName));

  const packages: LockedPackage[] = tablesOf(document, 'package', text, path).map(({ table, line }) => {
    const name = normalisePypiName(requiredString(table, 'name', path, line, 'package'));
    const source = isTable(table.source) ? table.source : {};
    const member = members.has(name) || source.virtual === '.' || source.editable === '.';
    // A virtual workspace root has no version; any other package must have one.
    const version = member && table.version === undefined ? undefined : requiredString(table, 'version', path, line, `package ${name}`);
    const component: FoundComponent | undefined =
      member || version === undefined
        ? undefined
        : { purl: pypiPurl(name, version), ecosystem: 'pypi', name, version, scope: 'required', hashes: hashesOf(table), evidence: `${path}:${line}`, dependsOn: [] };
    return { table, line, name, version, member, component };
  });

  /** A dependency entry names a package by name, and by version and source only where the name alone is ambiguous. */
  const resolve = (entry: TomlTable, from: LockedPackage): Edge => {
    const name = normalisePypiName(String(entry.name));
    const matches = packages.filter(
      (p) => p.name === name && (entry.version === undefined || p.version === entry.version) && (entry.source === undefined || JSON.stringify(p.table.source) === JSON.stringify(entry.source)),
    );
    if (matches.length !== 1) {
      throw new SbomInputError(path, `package ${from.name} depends on ${name}${entry.version ? ` ${String(entry.version)}` : ''}, which the lock ${matches.length ? 'holds more than once' : 'does not hold (truncated?)'}`, { line: from.line });
    }
    return { target: matches[0], extras: Array.isArray(entry.extra) ? entry.extra.map(String) : [] };
  };

  // The extras anyone asks of a package switch on its [package.optional-dependencies] of that name.
  const edgesOf = (p: LockedPackage, extras: Set<string>): Edge[] => {
    const optional = isTable(p.table['optional-dependencies']) ? p.table['optional-dependencies'] : {};
    return [...dependencyEntries(p.table.dependencies), ...[...extras].flatMap((extra) => dependencyEntries(optional[extra]))].map((entry) => resolve(entry, p));
  };

  // Walk from the members: their dependencies ship, their extras may, their dependency groups are for development.
  const scopes = new Map<LockedPackage, ComponentScope>();
  const extrasAsked = new Map<LockedPackage, Set<string>>();
  const roots = new Set<string>();
  const queue: { edge: Edge; scope: ComponentScope }[] = [];
  for (const member of packages.filter((p) => p.member)) {
    const optional = isTable(member.table['optional-dependencies']) ? member.table['optional-dependencies'] : {};
    const groups = isTable(member.table['dev-dependencies']) ? member.table['dev-dependencies'] : {};
    const start = [
      ...dependencyEntries(member.table.dependencies).map((entry) => ({ entry, scope: 'required' as const })),
      ...Object.values(optional).flatMap((entries) => dependencyEntries(entries).map((entry) => ({ entry, scope: 'optional' as const }))),
      ...Object.values(groups).flatMap((entries) => dependencyEntries(entries).map((entry) => ({ entry, scope: 'dev' as const }))),
    ];
    for (const { entry, scope } of start) queue.push({ edge: resolve(entry, member), scope });
  }
  for (const { edge } of queue) if (edge.target.component) roots.add(edge.target.component.purl);
  while (queue.length > 0) {
    const { edge, scope } = queue.shift() as { edge: Edge; scope: ComponentScope };
    const asked = extrasAsked.get(edge.target) ?? new Set<string>();
    const newExtras = edge.extras.filter((extra) => !asked.has(extra));
    const known = scopes.get(edge.target);
    if (edge.target.member || (known !== undefined && RANK[known] >= RANK[scope] && newExtras.length === 0)) continue;
    newExtras.forEach((extra) => asked.add(extra));
    extrasAsked.set(edge.target, asked);
    const best = known !== undefined && RANK[known] > RANK[scope] ? known : scope;
    scopes.set(edge.target, best);
    for (const next of edgesOf(edge.target, asked)) queue.push({ edge: next, scope: best });
  }

  const components = packages.flatMap((p) => {
    if (!p.component) return [];
    // Every edge of a package is resolved, reached or not, so a cut-short lock cannot pass unnoticed.
    const dependsOn = edgesOf(p, extrasAsked.get(p) ?? new Set()).flatMap((edge) => (edge.target.component ? [edge.target.component.purl] : []));
    return [{ ...p.component, scope: scopes.get(p) ?? 'required', dependsOn }];
  });
  return sortedInventory(mergeDuplicates(components), roots);
}

function mergeDuplicates(components: FoundComponent[]): FoundComponent[] {
  const byPurl = new Map<string, FoundComponent>();
  for (const c of components) {
    const previous = byPurl.get(c.purl);
    byPurl.set(c.purl, previous ? { ...previous, scope: RANK[c.scope] > RANK[previous.scope] ? c.scope : previous.scope, hashes: [...previous.hashes, ...c.hashes], dependsOn: [...previous.dependsOn, ...c.dependsOn] } : c);
  }
  return [...byPurl.values()];
}
