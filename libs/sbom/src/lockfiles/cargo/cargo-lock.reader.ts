import { SbomInputError } from '../../model/inventory';
import type { FoundComponent, Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { sortedInventory } from '../common/sorted-inventory';
import { isTable, parseTomlFile, requiredString, tablesOf } from '../common/toml-file';

interface LockedCrate {
  name: string;
  version: string;
  source?: string;
  line: number;
  dependencies: string[];
  checksum?: string;
}

// crates.io as Cargo names it in the git-index and sparse-index protocols.
const CRATES_IO = new Set(['registry+https://github.com/rust-lang/crates.io-index', 'sparse+https://index.crates.io/']);

/** crates.io crates get a bare purl; others say where they came from, so that two sources of one name and version stay apart. */
function qualifiersOf(source: string): Record<string, string> | undefined {
  if (CRATES_IO.has(source)) return undefined;
  const git = /^git\+([^?#]+)(?:\?[^#]*)?(?:#(\w+))?$/.exec(source);
  if (git) return { vcs_url: `git+${git[1]}${git[2] ? `@${git[2]}` : ''}` };
  return { repository_url: source.replace(/^(registry|sparse)\+/, '') };
}

/** Lock format 1 kept checksums apart, in [metadata] as `"checksum <name> <version> (<source>)" = "<hex>"`. */
function legacyChecksums(metadata: unknown): Map<string, string> {
  const checksums = new Map<string, string>();
  if (!isTable(metadata)) return checksums;
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith('checksum ') && typeof value === 'string') checksums.set(key.slice('checksum '.length), value);
  }
  return checksums;
}

/**
 * The crates of a Cargo.lock (formats 1 to 4). Packages without a `source` are the workspace's own crates (and path
 * dependencies): they are not components, and what they depend on are the roots. Cargo.lock does not tell
 * dev-dependencies from the rest, so every crate is reported as `required`.
 */
export function readCargoLock(text: string, path: string): Inventory {
  const document = parseTomlFile(text, path);
  if (document.version !== undefined && ![3, 4].includes(Number(document.version))) {
    throw new SbomInputError(path, `Cargo.lock format version ${String(document.version)} is not one this reader knows (3 or 4, or none for 1 and 2)`, { line: 1 });
  }
  const checksums = legacyChecksums(document.metadata);
  const crates: LockedCrate[] = tablesOf(document, 'package', text, path).map(({ table, line }) => {
    const name = requiredString(table, 'name', path, line, 'package');
    const version = requiredString(table, 'version', path, line, `package ${name}`);
    const source = typeof table.source === 'string' ? table.source : undefined;
    const dependencies = Array.isArray(table.dependencies) ? table.dependencies.map(String) : [];
    const checksum = typeof table.checksum === 'string' ? table.checksum : checksums.get(`${name} ${version} (${source ?? ''})`);
    if (checksum !== undefined && checksum !== '<none>' && !/^[0-9a-f]{64}$/i.test(checksum)) throw new SbomInputError(path, `package ${name} has a checksum that is not SHA-256 hex`, { line });
    return { name, version, source, line, dependencies, checksum: checksum === '<none>' ? undefined : checksum?.toLowerCase() };
  });

  const purlOfCrate = (crate: LockedCrate): string | undefined =>
    crate.source === undefined ? undefined : purlOf('cargo', undefined, crate.name, crate.version, qualifiersOf(crate.source));

  /** `name`, `name version` or `name version (source)`: as much as tells the crate apart from others of its name. */
  const resolve = (reference: string, from: LockedCrate): LockedCrate => {
    const parsed = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(reference);
    const matches = crates.filter((c) => parsed && c.name === parsed[1] && (parsed[2] === undefined || c.version === parsed[2]) && (parsed[3] === undefined || c.source === parsed[3]));
    if (matches.length !== 1) {
      throw new SbomInputError(path, `package ${from.name} depends on "${reference}", which the lock ${matches.length ? 'holds more than once' : 'does not hold (truncated?)'}`, { line: from.line });
    }
    return matches[0];
  };

  const roots: string[] = [];
  const components: FoundComponent[] = [];
  for (const crate of crates) {
    const dependsOn = crate.dependencies.flatMap((reference) => purlOfCrate(resolve(reference, crate)) ?? []);
    const purl = purlOfCrate(crate);
    if (purl === undefined) {
      roots.push(...dependsOn);
      continue;
    }
    const hashes = crate.checksum ? [{ alg: 'SHA-256' as const, content: crate.checksum }] : [];
    components.push({ purl, ecosystem: 'cargo', name: crate.name, version: crate.version, scope: 'required', hashes, evidence: `${path}:${crate.line}`, dependsOn });
  }
  const duplicate = components.find((c, index) => components.findIndex((other) => other.purl === c.purl) !== index);
  if (duplicate) throw new SbomInputError(path, `${duplicate.name} ${duplicate.version} is locked twice from one source`, { line: Number(duplicate.evidence.split(':').pop()) });
  return sortedInventory(components, roots);
}
