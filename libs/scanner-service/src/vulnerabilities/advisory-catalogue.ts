import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { OsvDatabase, parseOsvRecord, type OsvLoadReport, type OsvRecord, type UpsertResult } from '@tollgate/osv';

/**
 * The advisories matched against: the OSV files the operator keeps locally
 * (a directory of JSON and OSV's per-ecosystem `*.zip` archives), plus every
 * advisory ingested since (kept in Postgres, so a restart loses none).
 */
export class AdvisoryCatalogue {
  readonly db = new OsvDatabase();

  /** Loads the local OSV directory (JSON below it, and each `*.zip` at its top) and the ingested advisories. */
  async load(manager: EntityManager, osvDir?: string): Promise<OsvLoadReport[]> {
    const reports: OsvLoadReport[] = [];
    if (osvDir) {
      reports.push(await this.db.loadDirectory(osvDir));
      for (const entry of (await readdir(osvDir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.zip')).sort((a, b) => a.name.localeCompare(b.name))) {
        reports.push(await this.db.loadZip(join(osvDir, entry.name)));
      }
    }
    const rows = (await manager.query('SELECT id, record FROM osv_advisory ORDER BY id')) as { id: string; record: OsvRecord }[];
    for (const row of rows) this.db.upsert(row.record, `ingested:${row.id}`);
    return reports;
  }

  /**
   * One advisory (OSV JSON text): validated (OsvRecordError names the field), kept if it is
   * newer than what is known, and persisted in the caller's transaction.
   */
  async ingest(manager: EntityManager, text: string, source: string): Promise<{ record: OsvRecord; result: UpsertResult }> {
    const record = parseOsvRecord(text, source);
    const result = this.db.upsert(record, source);
    if (result.outcome === 'added' || result.outcome === 'replaced') {
      await manager.query(
        `INSERT INTO osv_advisory (id, modified, record) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET modified = EXCLUDED.modified, record = EXCLUDED.record, ingested_at = now() WHERE osv_advisory.modified < EXCLUDED.modified`,
        [record.id, record.modified, JSON.stringify(record)],
      );
    }
    return { record, result };
  }
}
