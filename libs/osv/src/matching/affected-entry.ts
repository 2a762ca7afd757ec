/**
 * One `affected[]` element of one record, keyed for lookup: what the database indexes and
 * what a one-advisory re-match builds on the fly.
 */
import type { Ecosystem } from '@tollgate/sbom';
import { indexKey, normaliseOsvName, parseOsvEcosystem } from '../ecosystems/osv-ecosystem';
import type { OsvAffected, OsvRecord } from '../schema/osv-record.schema';

export interface AffectedEntry {
  readonly record: OsvRecord;
  readonly affected: OsvAffected;
  /** Position in `record.affected`, for messages. */
  readonly index: number;
  /** `Debian:12`, as written. */
  readonly osvEcosystem: string;
  /** As written. */
  readonly osvName: string;
  /** OSV ecosystem before any `:suffix`, e.g. `Debian`. */
  readonly base: string;
  readonly ecosystem: Ecosystem;
  readonly distro?: string;
  readonly key: string;
  readonly release?: string;
}

/** The entries Tollgate can match: a package in an ecosystem mapped to an SBOM ecosystem. Others are left out. */
export function affectedEntries(record: OsvRecord): AffectedEntry[] {
  const entries: AffectedEntry[] = [];
  (record.affected ?? []).forEach((affected, index) => {
    if (affected.package === undefined) return;
    const parsed = parseOsvEcosystem(affected.package.ecosystem);
    if (parsed.ecosystem === undefined) return;
    const name = normaliseOsvName(parsed.base, affected.package.name);
    entries.push({
      record,
      affected,
      index,
      osvEcosystem: parsed.raw,
      osvName: affected.package.name,
      base: parsed.base,
      ecosystem: parsed.ecosystem,
      distro: parsed.distro,
      key: indexKey(parsed.base, name),
      release: parsed.release,
    });
  });
  return entries;
}

/** Where candidates for a component come from: the whole database, or one new advisory. */
export interface AffectedLookup {
  candidates(key: string): readonly AffectedEntry[];
}

/** A lookup over a few records, built per call (the re-match path of one new advisory). */
export function lookupOf(records: readonly OsvRecord[]): AffectedLookup {
  const byKey = new Map<string, AffectedEntry[]>();
  for (const record of records) {
    if (record.withdrawn !== undefined) continue;
    for (const entry of affectedEntries(record)) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
  }
  return { candidates: (key) => byKey.get(key) ?? [] };
}
