export type AuditLogErrorCode = 'AUDIT_NOT_IN_TRANSACTION' | 'AUDIT_INVALID_ENTRY';

/** An append the log refuses before touching the database. */
export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';

  constructor(
    readonly code: AuditLogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
