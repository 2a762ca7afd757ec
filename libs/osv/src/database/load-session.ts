/**
 * Loading one source (a directory or an archive) in two steps: read and validate every
 * record, then apply. So a source that fails part-way (an unreadable file, a truncated
 * zip) changes nothing.
 *
 * Malformed records: by default (lenient) each is reported with its file and field path and
 * the rest load. OSV's archives hold tens of thousands of third-party records; one bad
 * record must not blind every scan to all the others, and a scanner that loaded nothing
 * fails its gate anyway. `strict: true` (for a curated directory, or CI checking one)
 * refuses the whole source when any record is bad.
 */
import { OsvLoadError, OsvRecordError } from '../osv.error';
import { parseOsvRecord } from '../schema/parse-osv-record';
import type { OsvRecord } from '../schema/osv-record.schema';

export interface OsvLoadOptions {
  /** Refuse the whole source when any record is malformed. Default false: report and skip it. */
  readonly strict?: boolean;
}

export type UpsertOutcome = 'added' | 'replaced' | 'unchanged' | 'stale';

export interface UpsertResult {
  readonly id: string;
  /** `stale`: the stored record has a newer `modified` and was kept; `unchanged`: same `modified`, kept. */
  readonly outcome: UpsertOutcome;
  readonly withdrawn: boolean;
}

export interface OsvLoadReport {
  /** The directory or archive loaded. */
  readonly source: string;
  /** JSON files read, good or bad. */
  readonly files: number;
  readonly added: number;
  readonly replaced: number;
  readonly unchanged: number;
  readonly stale: number;
  /** Of the records stored, how many are withdrawn (kept, so an older copy cannot come back; never matched). */
  readonly withdrawn: number;
  /** Malformed records that were skipped (lenient mode). */
  readonly errors: readonly OsvRecordError[];
}

export type RecordSink = (record: OsvRecord, file: string) => UpsertResult;

export class LoadSession {
  private readonly pending: { record: OsvRecord; file: string }[] = [];
  private readonly errors: OsvRecordError[] = [];
  private files = 0;

  constructor(
    private readonly source: string,
    private readonly options: OsvLoadOptions,
  ) {}

  /** One file's text; `file` is how messages name it. */
  accept(text: string, file: string): void {
    this.files++;
    try {
      this.pending.push({ record: parseOsvRecord(text, file), file });
    } catch (error) {
      if (!(error instanceof OsvRecordError)) throw error;
      this.errors.push(error);
    }
  }

  /** A file that could not even be turned into text (bad UTF-8, unsupported compression). */
  reject(error: OsvRecordError): void {
    this.files++;
    this.errors.push(error);
  }

  /** Applies what was read; in strict mode throws OsvLoadError instead when anything was bad. */
  finish(sink: RecordSink): OsvLoadReport {
    if (this.options.strict && this.errors.length > 0) {
      const shown = this.errors.slice(0, 5).map((e) => e.message);
      const more = this.errors.length > shown.length ? ` (and ${this.errors.length - shown.length} more)` : '';
      throw new OsvLoadError(
        'OSV_STRICT_REJECTED',
        this.source,
        `${this.errors.length} malformed record${this.errors.length > 1 ? 's' : ''}, nothing loaded: ${shown.join(' | ')}${more}`,
        this.errors,
      );
    }
    const counts = { added: 0, replaced: 0, unchanged: 0, stale: 0, withdrawn: 0 };
    for (const { record, file } of this.pending) {
      const result = sink(record, file);
      counts[result.outcome]++;
      if (result.withdrawn && (result.outcome === 'added' || result.outcome === 'replaced')) counts.withdrawn++;
    }
    return { source: this.source, files: this.files, ...counts, errors: this.errors };
  }
}
