/**
 * Is one version inside one `affected[]` element? The OSV spec's evaluation
 * (https://ossf.github.io/osv-schema/#evaluation): listed in `versions`, or inside a
 * SEMVER/ECOSYSTEM range whose events, sorted by version, switch "vulnerable" on at an
 * `introduced` (`"0"` = before everything) and off at a `fixed` (exclusive) or past a
 * `last_affected` (inclusive), below any `limit`. GIT ranges need the repository's commit
 * graph and are matched only through `versions`. Orderings are the SBOM lib's: the
 * ecosystem's own for ECOSYSTEM ranges, SemVer 2.0 for SEMVER ranges.
 */
import { compareVersions, InvalidVersionError, type Ecosystem } from '@tollgate/sbom';
import type { OsvAffected, OsvEventKind } from '../schema/osv-record.schema';
import type { AffectedEntry } from './affected-entry';

/** SemVer 2.0 precedence; npm's ordering also takes Go's leading `v`, which OSV leaves out of SEMVER events. */
const SEMVER_ORDERING: Ecosystem = 'npm';

interface SortedEvent {
  kind: OsvEventKind;
  version: string;
}

type CompiledRange =
  | { ok: true; ordering: Ecosystem; label: string; events: SortedEvent[]; limits: string[] }
  | { ok: false; reason: string };

interface CompiledAffected {
  ranges: CompiledRange[];
  versions: Set<string>;
}

export type EntryVerdict = { kind: 'affected'; fixedVersions: string[] } | { kind: 'not-affected' } | { kind: 'unmatchable'; reason: string };

// Compiled once per affected element, on first use: loading 50k records sorts nothing.
const compiledCache = new WeakMap<OsvAffected, CompiledAffected>();

const isStart = (event: SortedEvent): boolean => event.kind === 'introduced' && event.version === '0';
const isInfinity = (event: SortedEvent): boolean => event.kind === 'limit' && event.version.includes('*');

/** Go versions are listed with and without `v` in the wild; compare list entries without it. */
function listKey(ecosystem: Ecosystem, version: string): string {
  return ecosystem === 'golang' ? version.replace(/^v/, '') : version;
}

function compileRange(entry: AffectedEntry, rangeIndex: number): CompiledRange | undefined {
  const range = entry.affected.ranges?.[rangeIndex];
  if (range === undefined || range.type === 'GIT') return undefined;
  const ordering = range.type === 'SEMVER' ? SEMVER_ORDERING : entry.ecosystem;
  const label = range.type === 'SEMVER' ? 'SemVer 2.0' : entry.osvEcosystem;
  const events: SortedEvent[] = [];
  for (const [eventIndex, event] of range.events.entries()) {
    const kind = (['introduced', 'fixed', 'last_affected', 'limit'] as const).find((k) => event[k] !== undefined);
    if (kind === undefined) continue;
    const sorted: SortedEvent = { kind, version: event[kind] as string };
    if (!isStart(sorted) && !isInfinity(sorted)) {
      try {
        compareVersions(ordering, sorted.version, sorted.version);
      } catch (error) {
        if (!(error instanceof InvalidVersionError)) throw error;
        const where = `affected[${entry.index}].ranges[${rangeIndex}].events[${eventIndex}].${kind}`;
        return { ok: false, reason: `the advisory's ${where} ${JSON.stringify(sorted.version)} is not a ${label} version: ${error.reason}` };
      }
    }
    events.push(sorted);
  }
  const position = (event: SortedEvent): number => (isStart(event) ? -1 : isInfinity(event) ? 1 : 0);
  // Array#sort is stable: events at the same version keep the record's order.
  events.sort((a, b) => position(a) - position(b) || (position(a) === 0 && position(b) === 0 ? compareVersions(ordering, a.version, b.version) : 0));
  const limits = events.filter((e) => e.kind === 'limit').map((e) => e.version);
  return { ok: true, ordering, label, events: events.filter((e) => e.kind !== 'limit'), limits };
}

function compile(entry: AffectedEntry): CompiledAffected {
  const cached = compiledCache.get(entry.affected);
  if (cached !== undefined) return cached;
  const ranges = (entry.affected.ranges ?? []).flatMap((_, i) => compileRange(entry, i) ?? []);
  const compiled = { ranges, versions: new Set((entry.affected.versions ?? []).map((v) => listKey(entry.ecosystem, v))) };
  compiledCache.set(entry.affected, compiled);
  return compiled;
}

/** Throws InvalidVersionError when `version` is not a version of the range's ordering. */
function inRange(range: Extract<CompiledRange, { ok: true }>, version: string): { affected: boolean; nextFixed?: string } {
  const compare = (other: string): number => compareVersions(range.ordering, version, other);
  compare(version); // Reject an unparsable version even when no comparison below would run.
  if (range.limits.length > 0 && !range.limits.some((limit) => limit.includes('*') || compare(limit) < 0)) return { affected: false };
  let affected = false;
  for (const event of range.events) {
    switch (event.kind) {
      case 'introduced':
        if (isStart(event) || compare(event.version) >= 0) affected = true;
        break;
      case 'fixed':
        if (compare(event.version) >= 0) affected = false;
        break;
      case 'last_affected':
        if (compare(event.version) > 0) affected = false;
        break;
      case 'limit':
        break;
    }
  }
  const nextFixed = range.events.find((e) => e.kind === 'fixed' && compare(e.version) < 0)?.version;
  return { affected, nextFixed };
}

export function evaluateEntry(entry: AffectedEntry, version: string): EntryVerdict {
  const compiled = compile(entry);
  const listed = compiled.versions.has(listKey(entry.ecosystem, version));
  const fixedInAffected: string[] = [];
  const fixedAnywhere: string[] = [];
  const problems: string[] = [];
  let inAnyRange = false;
  for (const range of compiled.ranges) {
    if (!range.ok) {
      problems.push(range.reason);
      continue;
    }
    try {
      const result = inRange(range, version);
      if (result.nextFixed !== undefined) fixedAnywhere.push(result.nextFixed);
      if (result.affected) {
        inAnyRange = true;
        if (result.nextFixed !== undefined) fixedInAffected.push(result.nextFixed);
      }
    } catch (error) {
      if (!(error instanceof InvalidVersionError)) throw error;
      problems.push(`${JSON.stringify(version)} is not a ${range.label} version: ${error.reason}`);
    }
  }
  if (inAnyRange || listed) {
    return { kind: 'affected', fixedVersions: sortVersions(entry.ecosystem, inAnyRange ? fixedInAffected : fixedAnywhere) };
  }
  if (problems.length > 0) return { kind: 'unmatchable', reason: [...new Set(problems)].join('; ') };
  return { kind: 'not-affected' };
}

/** Unique, oldest first; text order where the ecosystem's ordering cannot say. */
export function sortVersions(ecosystem: Ecosystem, versions: readonly string[]): string[] {
  const compare = (a: string, b: string): number => {
    try {
      return compareVersions(ecosystem, a, b) || (a < b ? -1 : a > b ? 1 : 0);
    } catch {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  };
  return [...new Set(versions)].sort(compare);
}
