/** Every way verification fails, one code per check, stable for scripts and policies. */
export const VERIFICATION_FAILURE_CODES = [
  'BUNDLE_MALFORMED',
  'KEY_UNTRUSTED',
  'KEY_RETIRED',
  'SIGNATURE_INVALID',
  'WITNESS_UNVERIFIABLE',
  'STATEMENT_MALFORMED',
  'PREDICATE_TYPE_UNEXPECTED',
  'SUBJECT_MISMATCH',
  'BUILDER_NOT_ALLOWED',
  'SOURCE_NOT_ALLOWED',
  'VSA_VERIFIER_NOT_ALLOWED',
  'VSA_RESOURCE_MISMATCH',
  'VSA_FAILED',
  'VSA_TOO_OLD',
] as const;

export type VerificationFailureCode = (typeof VERIFICATION_FAILURE_CODES)[number];

/** The check that failed, by code, with a message naming what was expected and what was found. */
export class AttestationVerificationError extends Error {
  override readonly name = 'AttestationVerificationError';

  constructor(
    readonly code: VerificationFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function fail(code: VerificationFailureCode, message: string, cause?: unknown): never {
  throw new AttestationVerificationError(code, message, cause === undefined ? undefined : { cause });
}
