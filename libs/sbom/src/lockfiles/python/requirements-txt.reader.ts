import { SbomInputError } from '../../model/inventory';
import type { ComponentHash, FoundComponent, HashAlgorithm, Inventory } from '../../model/inventory';
import { normalisePypiName, pypiPurl } from './pypi-name';
import { sortedInventory } from '../common/sorted-inventory';

interface Requirement {
  component: FoundComponent;
  /** pip-compile's `# via` parents: requirement names, or `-r file` / `project (pyproject.toml)` for the project itself. */
  via?: string[];
}

const HASH_ALGORITHMS: Record<string, HashAlgorithm> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const PINNED = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,;*]+)$/;

/** Logical lines: `\`-continued lines joined, each with the line it starts on. */
function logicalLines(text: string, path: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const current = pending ? { text: `${pending.text} ${raw}`, line: pending.line } : { text: raw, line: index + 1 };
    if (/\\$/.test(raw)) pending = { text: current.text.slice(0, -1), line: current.line };
    else {
      pending = undefined;
      lines.push(current);
    }
  });
  if (pending) throw new SbomInputError(path, 'truncated: the last requirement ends in a line continuation', { line: pending.line });
  return lines;
}

function hashesOf(options: string, path: string, line: number): ComponentHash[] {
  return [...options.matchAll(/--hash[=\s]\s*(\S+)/g)].map(([, value]) => {
    const [algorithm, hex] = value.split(':');
    const alg = HASH_ALGORITHMS[algorithm];
    if (!alg || !/^[0-9a-fA-F]+$/.test(hex ?? '')) throw new SbomInputError(path, `unsupported hash "${value}"`, { line });
    return { alg, content: hex.toLowerCase() };
  });
}

/**
 * A pinned requirements file (`pip freeze`, `pip-compile --generate-hashes`): every requirement must be
 * `name[extras]==version` (markers and hashes allowed), since anything looser does not say what was installed.
 * pip-compile's `# via` comments give the edges and roots; without them the file is a flat list with no roots.
 */
export function readRequirementsTxt(text: string, path: string): Inventory {
  const requirements: Requirement[] = [];
  let last: Requirement | undefined;
  for (const { text: raw, line } of logicalLines(text, path)) {
    const via = /^\s*#\s*via(?:\s+(.*))?$/.exec(raw);
    const viaMore = /^\s*#\s{2,}(\S.*)$/.exec(raw);
    if (via && last) last.via = via[1] ? [via[1].trim()] : [];
    else if (viaMore && last?.via) last.via.push(viaMore[1].trim());
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (content === '') continue;
    last = undefined;
    if (/^(-r|--requirement)\b/.test(content)) throw new SbomInputError(path, `"${content}" includes another file, whose requirements this reader does not see`, { line });
    if (/^(-e|--editable)\b/.test(content)) throw new SbomInputError(path, `"${content}" is an editable install: it names a source tree, not a released version`, { line });
    if (content.startsWith('-')) continue; // index, find-links and other global options change where, not what
    const [requirement, ...options] = content.split(/\s+(?=--)/);
    const specifier = requirement.split(';')[0].trim();
    const pinned = PINNED.exec(specifier);
    if (!pinned) {
      const why = /@|:\/\/|^[./]/.test(specifier) ? 'a URL or path requirement' : 'not pinned to one version with ==';
      throw new SbomInputError(path, `"${specifier}" is ${why}: the file does not say which version shipped`, { line });
    }
    const name = normalisePypiName(pinned[1]);
    if (requirements.some((r) => r.component.name === name)) throw new SbomInputError(path, `${name} is required twice (pip refuses a double requirement)`, { line });
    const version = pinned[2];
    last = {
      component: { purl: pypiPurl(name, version), ecosystem: 'pypi', name, version, scope: 'required', hashes: hashesOf(options.join(' '), path, line), evidence: `${path}:${line}`, dependsOn: [] },
    };
    requirements.push(last);
  }
  return withViaGraph(requirements);
}

/** Turns `# via` parents into edges; a requirement whose parents include no other requirement is the project's own. */
function withViaGraph(requirements: Requirement[]): Inventory {
  const byName = new Map(requirements.map((r) => [r.component.name, r.component]));
  if (!requirements.some((r) => r.via)) return sortedInventory(requirements.map((r) => r.component), []);
  const roots: string[] = [];
  for (const { component, via = [] } of requirements) {
    const parents = via.map((parent) => byName.get(normalisePypiName(parent)));
    if (parents.length === 0 || parents.includes(undefined)) roots.push(component.purl);
    for (const parent of parents) parent?.dependsOn.push(component.purl);
  }
  return sortedInventory(requirements.map((r) => r.component), roots);
}
