import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEntry } from './audit-entry';

/** The fields a hash covers; `at` as text, because that is what both sides must agree on. */
export type HashedFields = Omit<AuditEntry, 'hash' | 'at'> & { at: string };

/**
 * sha256 hex of the entry's RFC 8785 canonical JSON (JCS): sorted keys and
 * ECMAScript number and string forms, so the appender and any verifier, in
 * any language, hash the same bytes for the same facts.
 */
export function auditEntryHash(fields: HashedFields): string {
  const document = {
    seq: fields.seq,
    at: fields.at,
    kind: fields.kind,
    pipelineRunId: fields.pipelineRunId,
    actor: fields.actor,
    subject: fields.subject,
    detail: fields.detail,
    prevHash: fields.prevHash,
  };
  const canonical = canonicalize(document);
  if (canonical === undefined) throw new TypeError('audit entry has no JSON form');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The hashed form of a stored time, from Postgres's microsecond text
 * (`YYYY-MM-DDTHH:MM:SS.ffffffZ`). Appends store whole milliseconds, so the
 * result equals `Date#toISOString()`; a time edited below the millisecond
 * keeps its microseconds here and no longer matches the hash.
 */
export function hashedTime(microsecondText: string): string {
  return microsecondText.endsWith('000Z') ? `${microsecondText.slice(0, -4)}Z` : microsecondText;
}

/** Postgres's rendering of a timestamptz in UTC with microseconds; pair it with hashedTime. */
export const UTC_MICROSECONDS_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
