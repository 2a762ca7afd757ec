/**
 * The local OSV database: records by id, and an index from (OSV ecosystem, package name)
 * to the `affected` elements naming that package, so matching a component is one map
 * lookup. Distro releases (`Debian:12`) share their distro's key and are told apart at
 * match time, because a component's release may be unknown.
 */
import { affectedEntries, type AffectedEntry, type AffectedLookup } from '../matching/affected-entry';
import { parseOsvRecord } from '../schema/parse-osv-record';
import type { OsvRecord } from '../schema/osv-record.schema';
import type { OsvLoadOptions, OsvLoadReport, UpsertResult } from './load-session';
import { readOsvDirectory } from './read-osv-directory';
import { readOsvZip } from './read-osv-zip';

interface StoredAdvisory {
  readonly record: OsvRecord;
  readonly source: string;
  readonly modifiedAt: number;
  readonly entries: readonly AffectedEntry[];
}

export class OsvDatabase implements AffectedLookup {
  private readonly advisories = new Map<string, StoredAdvisory>();
  /** index key → advisory id → that advisory's entries for the key. */
  private readonly index = new Map<string, Map<string, readonly AffectedEntry[]>>();

  /** Records held, withdrawn ones included. */
  get size(): number {
    return this.advisories.size;
  }

  get(id: string): OsvRecord | undefined {
    return this.advisories.get(id)?.record;
  }

  /** Where the stored record of `id` was read from (a path, `<archive>!<entry>`, or what `upsert` was told). */
  sourceOf(id: string): string | undefined {
    return this.advisories.get(id)?.source;
  }

  ids(): string[] {
    return [...this.advisories.keys()].sort();
  }

  /**
   * Adds or replaces one validated record. A record replaces the stored one of the same id
   * only when its `modified` is later; a withdrawn record is kept (so an older copy loaded
   * afterwards stays out) but leaves the index and matches nothing.
   */
  upsert(record: OsvRecord, source: string = record.id): UpsertResult {
    const modifiedAt = Date.parse(record.modified);
    const withdrawn = record.withdrawn !== undefined;
    const existing = this.advisories.get(record.id);
    if (existing !== undefined) {
      if (modifiedAt < existing.modifiedAt) return { id: record.id, outcome: 'stale', withdrawn: existing.record.withdrawn !== undefined };
      if (modifiedAt === existing.modifiedAt) return { id: record.id, outcome: 'unchanged', withdrawn: existing.record.withdrawn !== undefined };
      this.unindex(existing);
    }
    const entries = withdrawn ? [] : affectedEntries(record);
    const stored: StoredAdvisory = { record, source, modifiedAt, entries };
    this.advisories.set(record.id, stored);
    this.reindex(stored);
    return { id: record.id, outcome: existing === undefined ? 'added' : 'replaced', withdrawn };
  }

  /** Parses one advisory's JSON text and upserts it. Throws OsvRecordError naming `file` and the bad fields. */
  ingest(text: string, file: string): UpsertResult {
    return this.upsert(parseOsvRecord(text, file), file);
  }

  /** Every `*.json` below `dir`. See LoadSession for what happens to malformed records. */
  async loadDirectory(dir: string, options: OsvLoadOptions = {}): Promise<OsvLoadReport> {
    const session = await readOsvDirectory(dir, options);
    return session.finish((record, file) => this.upsert(record, file));
  }

  /** An OSV per-ecosystem archive (`all.zip`), from a path or bytes (`name` then names it in messages). */
  async loadZip(archive: string | Uint8Array, options: OsvLoadOptions & { name?: string } = {}): Promise<OsvLoadReport> {
    const session = await readOsvZip(archive, options);
    return session.finish((record, file) => this.upsert(record, file));
  }

  candidates(key: string): readonly AffectedEntry[] {
    const byAdvisory = this.index.get(key);
    if (byAdvisory === undefined) return [];
    const entries: AffectedEntry[] = [];
    for (const list of byAdvisory.values()) entries.push(...list);
    return entries;
  }

  private reindex(stored: StoredAdvisory): void {
    const byKey = new Map<string, AffectedEntry[]>();
    for (const entry of stored.entries) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
    for (const [key, entries] of byKey) {
      let byAdvisory = this.index.get(key);
      if (byAdvisory === undefined) this.index.set(key, (byAdvisory = new Map()));
      byAdvisory.set(stored.record.id, entries);
    }
  }

  private unindex(stored: StoredAdvisory): void {
    for (const entry of stored.entries) {
      const byAdvisory = this.index.get(entry.key);
      byAdvisory?.delete(stored.record.id);
      if (byAdvisory?.size === 0) this.index.delete(entry.key);
    }
  }
}
