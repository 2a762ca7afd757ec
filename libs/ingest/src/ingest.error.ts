import type { ValidationIssue } from '@tollgate/events';

export type IngestErrorCode =
  | 'UNAUTHENTICATED'
  | 'REPLAYED'
  | 'FORBIDDEN_ENDPOINT'
  | 'EVENT_INVALID'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'NOT_FOUND';

/** The same issue shape every Tollgate boundary reports. */
export type IngestIssue = ValidationIssue;

/** A domain error with a code; the HTTP layer maps codes to statuses in one place. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: { issues?: IngestIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
