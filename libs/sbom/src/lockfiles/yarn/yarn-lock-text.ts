import { parseSyml } from '@yarnpkg/parsers';
import { SbomInputError } from '../../model/inventory';

export type YarnFlavour = 'classic' | 'berry';

/** One lockfile entry as parseSyml gives it: every scalar is a string (berry is read with YAML's failsafe schema). */
export type YarnEntry = Readonly<Record<string, unknown>>;

export interface YarnLockText {
  flavour: YarnFlavour;
  /** Entries by their raw key (descriptors joined by `, `), `__metadata` removed. */
  entries: ReadonlyMap<string, YarnEntry>;
  /** 1-based line of the entry key that lists a descriptor (or of a raw key), for error positions. */
  lineOf(descriptorOrKey: string): number | undefined;
}

// Same test yarn itself uses to pick the classic grammar.
const CLASSIC_HEADER = /^(#.*(\r?\n))*?#\s+yarn\s+lockfile\s+v1\r?\n/i;

export function parseYarnLockText(text: string, path: string): YarnLockText {
  const flavour: YarnFlavour = CLASSIC_HEADER.test(text) ? 'classic' : 'berry';
  let parsed: Record<string, unknown>;
  try {
    parsed = parseSyml(text);
  } catch (error) {
    throw syntaxError(error, path);
  }
  if (flavour === 'berry' && !isRecord(parsed['__metadata'])) {
    throw new SbomInputError(path, 'not a yarn lockfile: no "# yarn lockfile v1" header and no __metadata block');
  }
  const lines = keyLines(text);
  // The classic grammar gives each descriptor of `a@^1, a@^1.2:` its own key, all sharing one object: regroup them.
  const keysByEntry = new Map<YarnEntry, string[]>();
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '__metadata') continue;
    if (!isRecord(value)) throw new SbomInputError(path, `entry "${key}" is not a mapping`, position(lines.get(key)));
    keysByEntry.set(value, [...(keysByEntry.get(value) ?? []), key]);
  }
  const entries = new Map([...keysByEntry].map(([entry, keys]) => [keys.join(', '), entry]));
  return { flavour, entries, lineOf: (descriptorOrKey) => lines.get(descriptorOrKey) };
}

/** The descriptors an entry key stands for: `"a@^1.0.0, a@^1.2.0"` is two. */
export function descriptorsOfKey(key: string): string[] {
  return key.split(/ *, */).filter((descriptor) => descriptor.length > 0);
}

/** Splits `name@range` (`@scope/name@range` keeps its leading `@`). */
export function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function position(line: number | undefined): { line: number } | undefined {
  return line === undefined ? undefined : { line };
}

/** Top-level keys start in column 1 and end with `:`; each descriptor in them maps to that line. */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (!/^[^\s#].*:$/.test(line)) return;
    // Berry quotes the whole joined key, classic each descriptor; descriptors never contain quotes.
    const descriptors = descriptorsOfKey(line.slice(0, -1).replaceAll('"', ''));
    lines.set(descriptors.join(', '), index + 1);
    for (const descriptor of descriptors) lines.set(descriptor, index + 1);
  });
  return lines;
}

/** The classic grammar (peggy) reports 1-based `location.start`; js-yaml (berry) a 0-based `mark`. */
function syntaxError(error: unknown, path: string): SbomInputError {
  if (isRecord(error)) {
    const location = isRecord(error['location']) && isRecord(error['location']['start']) ? error['location']['start'] : undefined;
    if (location !== undefined && typeof location['line'] === 'number' && typeof location['column'] === 'number') {
      return new SbomInputError(path, `invalid yarn.lock syntax: ${String(error['message'])}`, { line: location['line'], column: location['column'] });
    }
    const mark = isRecord(error['mark']) ? error['mark'] : undefined;
    if (mark !== undefined && typeof mark['line'] === 'number' && typeof mark['column'] === 'number') {
      return new SbomInputError(path, `invalid yarn.lock syntax: ${String(error['reason'])}`, { line: mark['line'] + 1, column: mark['column'] + 1 });
    }
  }
  return new SbomInputError(path, `invalid yarn.lock: ${error instanceof Error ? error.message : String(error)}`);
}
