import { SbomInputError } from '../../model/inventory';
import type { ComponentHash, ComponentScope, FoundComponent, Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { parseJsonFile } from '../common/json-text';
import { notDependedOn, sortedInventory } from '../common/sorted-inventory';

type JsonObject = Record<string, unknown>;

interface LockedPackage {
  json: JsonObject;
  component: FoundComponent;
  /** Names this package answers to in a `require`: its own, and those it `provide`s or `replace`s. */
  answersTo: string[];
}

// Platform requirements (the PHP runtime, its extensions and libraries, Composer itself) are not packages in the lock.
const PLATFORM = /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$/i;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Composer's `license` array: any one of them applies, so an SPDX OR expression (compound entries parenthesised). */
function licenseOf(license: unknown): string | undefined {
  const ids = (Array.isArray(license) ? license : [license]).filter((id): id is string => typeof id === 'string' && id.trim() !== '');
  if (ids.length === 0) return undefined;
  if (ids.length === 1) return ids[0];
  return ids.map((id) => (/\s/.test(id) ? `(${id})` : id)).join(' OR ');
}

/** `dist.shasum` is the SHA-1 of the dist archive; Composer leaves it empty for most registries (GitHub zipballs). */
function hashesOf(dist: unknown): ComponentHash[] {
  const shasum = isObject(dist) && typeof dist.shasum === 'string' ? dist.shasum.toLowerCase() : '';
  return /^[0-9a-f]{40}$/.test(shasum) ? [{ alg: 'SHA-1', content: shasum }] : [];
}

function readPackage(json: unknown, where: string, scope: ComponentScope, path: string): LockedPackage {
  if (!isObject(json) || typeof json.name !== 'string' || typeof json.version !== 'string') throw new SbomInputError(path, `${where} has no "name" and "version"`);
  const slash = json.name.indexOf('/');
  if (slash < 1) throw new SbomInputError(path, `${where}: "${json.name}" is not a vendor/name package name`);
  const [namespace, name] = [json.name.slice(0, slash).toLowerCase(), json.name.slice(slash + 1).toLowerCase()];
  const authors = Array.isArray(json.authors) ? json.authors.flatMap((a) => (isObject(a) && typeof a.name === 'string' ? [a.name] : [])) : [];
  const component: FoundComponent = {
    purl: purlOf('composer', namespace, name, json.version),
    ecosystem: 'composer',
    namespace,
    name,
    version: json.version,
    scope,
    hashes: hashesOf(json.dist),
    license: licenseOf(json.license),
    supplier: authors.length > 0 ? authors.join(', ') : undefined,
    evidence: `${path}#${where}`,
    dependsOn: [],
  };
  const answersTo = [json.name, ...Object.keys(isObject(json.provide) ? json.provide : {}), ...Object.keys(isObject(json.replace) ? json.replace : {})];
  return { json, component, answersTo: answersTo.map((n) => n.toLowerCase()) };
}

/**
 * The packages of a composer.lock: `packages` ship, `packages-dev` are for development. Edges come from each
 * package's `require`; the roots are the packages nothing else requires (composer.lock does not copy composer.json).
 */
export function readComposerLock(text: string, path: string): Inventory {
  const lock = parseJsonFile(text, path);
  if (!isObject(lock) || !Array.isArray(lock.packages)) throw new SbomInputError(path, 'not a composer.lock: no "packages" array');
  const dev = lock['packages-dev'] ?? [];
  if (!Array.isArray(dev)) throw new SbomInputError(path, '"packages-dev" is not an array');
  const packages = [
    ...lock.packages.map((json, index) => readPackage(json, `packages[${index}]`, 'required', path)),
    ...dev.map((json, index) => readPackage(json, `packages-dev[${index}]`, 'dev', path)),
  ];

  const byName = new Map<string, LockedPackage>();
  for (const p of packages) for (const name of p.answersTo) if (!byName.has(name)) byName.set(name, p);
  for (const p of packages) {
    const requires = Object.keys(isObject(p.json.require) ? p.json.require : {}).filter((name) => !PLATFORM.test(name));
    // A requirement with no package in the lock is one the root project itself provides.
    p.component.dependsOn = requires.flatMap((name) => byName.get(name.toLowerCase())?.component.purl ?? []);
  }
  const components = packages.map((p) => p.component);
  const duplicate = components.find((c, index) => components.findIndex((other) => other.purl === c.purl) !== index);
  if (duplicate) throw new SbomInputError(path, `${duplicate.evidence.split('#')[1]}: ${duplicate.namespace}/${duplicate.name} ${duplicate.version} is locked twice`);
  return sortedInventory(components, notDependedOn(components));
}
