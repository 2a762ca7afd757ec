import { posix } from 'node:path';
import { SbomInputError } from '../../model/inventory';
import type { ComponentHash, ComponentScope, LockfileReader } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { inventoryFromGraph } from '../yarn/dependency-graph';
import type { GraphEdge, GraphNode } from '../yarn/dependency-graph';
import { hashesFromIntegrity } from '../common/sri-hash';
import { isRecord } from '../yarn/yarn-lock-text';
import { keyOfReference, nameAndVersionOf, pnpmFormatOf, withoutPeers } from './pnpm-lock-keys';
import type { PnpmFormat } from './pnpm-lock-keys';
import { parsePnpmLockYaml } from './pnpm-lock-yaml';

const IMPORTER_SECTIONS: ReadonlyArray<[string, ComponentScope]> = [
  ['dependencies', 'required'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];
const PACKAGE_SECTIONS: ReadonlyArray<[string, ComponentScope]> = [
  ['dependencies', 'required'],
  ['optionalDependencies', 'optional'],
];

/**
 * Reads a pnpm-lock.yaml (lockfile v5.x, v6 and v9). Every importer (`.` and
 * each workspace package) is part of the project: its direct dependencies
 * are the roots, and its dependency sections give the scopes. Workspace
 * packages are walked through (`link:`), never listed as components.
 */
export const readPnpmLock: LockfileReader = (text, path) => {
  const lock = parsePnpmLockYaml(text, path);
  const format = pnpmFormatOf(lock.value['lockfileVersion']);
  if (format === undefined) {
    throw new SbomInputError(path, `unsupported or missing lockfileVersion ${JSON.stringify(lock.value['lockfileVersion'] ?? null)}`, position(lock.lineOf('lockfileVersion')));
  }
  const fail = (reason: string, ...keyPath: string[]) => new SbomInputError(path, reason, position(lock.lineOf(...keyPath)));
  const packages = mapping(lock.value['packages'], () => fail('"packages" is not a mapping', 'packages'));
  // v9 moved the dependency graph to `snapshots`; earlier formats keep it in `packages`.
  const graphSection = format === 'v9' ? 'snapshots' : 'packages';
  const graphEntries = format === 'v9' ? mapping(lock.value['snapshots'], () => fail('"snapshots" is not a mapping', 'snapshots')) : packages;
  // Single-project v5/v6 lockfiles have no `importers`: the project's sections sit at the top level.
  const importers = lock.value['importers'] === undefined ? { '.': lock.value } : mapping(lock.value['importers'], () => fail('"importers" is not a mapping', 'importers'));

  const nodes = new Map<string, GraphNode>();
  const edgesOf = (owner: Record<string, unknown>, sections: typeof IMPORTER_SECTIONS, ownerPath: string[], fromDir: string): GraphEdge[] => {
    const fail = (reason: string) => new SbomInputError(path, `${ownerPath.length > 0 ? ownerPath.join(' ') : 'lockfile'}: ${reason}`, position(lock.lineOf(...ownerPath)));
    return sections.flatMap(([section, kind]) =>
      Object.entries(mapping(owner[section], () => fail(`"${section}" is not a mapping`))).flatMap(([name, value]): GraphEdge[] => {
        const reference = isRecord(value) ? value['version'] : value;
        if (typeof reference !== 'string') throw fail(`${section}.${name} has no version`);
        const target = keyOfReference(format, name, reference);
        if (typeof target !== 'string') {
          // A workspace package is walked through; a link outside the workspace is a local folder, not a package.
          const importer = posix.normalize(posix.join(fromDir, target.link));
          return importers[importer] === undefined ? [] : [{ to: importerId(importer), kind }];
        }
        if (graphEntries[target] === undefined) throw fail(`${section}.${name} points to ${target}, which has no entry (truncated or hand-edited lockfile?)`);
        return [{ to: target, kind }];
      }),
    );
  };

  for (const [key, entry] of Object.entries(graphEntries)) {
    const snapshot = mapping(entry, () => fail(`entry "${key}" is not a mapping`, graphSection, key));
    const meta = format === 'v9' ? packages[withoutPeers(format, key)] : entry;
    if (!isRecord(meta)) throw fail(`entry "${key}" has no packages entry (truncated or hand-edited lockfile?)`, graphSection, key);
    nodes.set(key, {
      component: componentOf(format, key, meta, `${path}#${key}`, (reason) => fail(`entry "${key}" ${reason}`, 'packages', withoutPeers(format, key))),
      edges: edgesOf(snapshot, PACKAGE_SECTIONS, [graphSection, key], '.'),
    });
  }
  const rootEdges: GraphEdge[] = [];
  for (const [dir, importer] of Object.entries(importers)) {
    const ownerPath = lock.value['importers'] === undefined ? [] : ['importers', dir];
    const edges = edgesOf(mapping(importer, () => fail(`importer "${dir}" is not a mapping`, ...ownerPath)), IMPORTER_SECTIONS, ownerPath, dir);
    nodes.set(importerId(dir), { edges });
    rootEdges.push(...edges);
  }
  return inventoryFromGraph(nodes, rootEdges);
};

function componentOf(format: PnpmFormat, key: string, meta: Record<string, unknown>, evidence: string, fail: (reason: string) => SbomInputError) {
  const fromKey = nameAndVersionOf(format, key);
  const name = typeof meta['name'] === 'string' ? meta['name'] : fromKey?.name;
  const version = typeof meta['version'] === 'string' ? meta['version'] : fromKey?.version;
  if (name === undefined || version === undefined) throw fail('names no package and version');
  const scoped = /^(@[^/]+)\/(.+)$/.exec(name);
  const namespace = scoped?.[1];
  const bare = scoped?.[2] ?? name;
  return {
    purl: purlOf('npm', namespace, bare, version),
    ecosystem: 'npm' as const,
    ...(namespace === undefined ? {} : { namespace }),
    name: bare,
    version,
    hashes: hashesOf(meta, fail),
    evidence,
  };
}

/** `resolution.integrity` is the registry tarball's SRI; git and directory resolutions have none. */
function hashesOf(meta: Record<string, unknown>, fail: (reason: string) => SbomInputError): ComponentHash[] {
  const resolution = meta['resolution'];
  if (!isRecord(resolution)) throw fail('has no resolution (truncated or hand-edited lockfile?)');
  const integrity = resolution['integrity'];
  if (integrity === undefined) return [];
  const hashes = typeof integrity === 'string' ? hashesFromIntegrity(integrity) : undefined;
  if (hashes === undefined) throw fail(`integrity ${JSON.stringify(integrity)} is not a valid SRI hash (truncated?)`);
  return hashes;
}

function importerId(dir: string): string {
  return `importer:${dir}`;
}

/** A YAML mapping, `{}` for an absent or empty section. */
function mapping(value: unknown, fail: () => SbomInputError): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw fail();
  return value;
}

function position(line: number | undefined): { line: number } | undefined {
  return line === undefined ? undefined : { line };
}
