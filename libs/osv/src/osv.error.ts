/** One problem inside one record: where (`affected[0].ranges[1].events[2]`), and what. */
export interface OsvIssue {
  /** JSON path in the record; `""` for the whole document. */
  readonly path: string;
  readonly message: string;
}

export type OsvRecordErrorCode =
  /** Not JSON at all: the issue says where (line, column). */
  | 'OSV_JSON_INVALID'
  /** JSON, but not an OSV record: each issue names a field path. */
  | 'OSV_RECORD_INVALID'
  /** An archive entry that does not inflate, or is not UTF-8 text. */
  | 'OSV_ENTRY_UNREADABLE';

/**
 * One advisory file that cannot be read. `file` names it as a person would find it: a path
 * on disk, or `<archive>!<entry>` for a file inside a zip. Loaders collect these in their
 * report; in strict mode they throw them inside an OsvLoadError.
 */
export class OsvRecordError extends Error {
  override readonly name = 'OsvRecordError';

  constructor(
    readonly code: OsvRecordErrorCode,
    readonly file: string,
    readonly issues: readonly OsvIssue[],
  ) {
    super(`${file}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`);
  }
}

export type OsvLoadErrorCode =
  /** The directory or archive cannot be read at all (missing, permissions). */
  | 'OSV_SOURCE_UNREADABLE'
  /** The archive is not a zip, or is truncated or corrupt. Nothing from it is loaded. */
  | 'OSV_ARCHIVE_INVALID'
  /** Strict mode: at least one record is bad, so nothing from the source is loaded. */
  | 'OSV_STRICT_REJECTED';

/** A whole source refused. Nothing from it reached the database. */
export class OsvLoadError extends Error {
  override readonly name = 'OsvLoadError';

  constructor(
    readonly code: OsvLoadErrorCode,
    readonly source: string,
    reason: string,
    readonly recordErrors: readonly OsvRecordError[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${reason}`, options);
  }
}
