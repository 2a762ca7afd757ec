import { type z } from 'zod';
import { toValidationIssues, type ValidationIssue } from '@tollgate/events';

/** Input to a statement builder was invalid; nothing was built or signed. Each issue names its field path. */
export class AttestationInputError extends Error {
  override readonly name = 'AttestationInputError';
  readonly code = 'ATTESTATION_INPUT_INVALID';

  constructor(
    what: string,
    readonly issues: ValidationIssue[],
  ) {
    super(`${what} input is invalid:\n${issues.map((i) => `  ${i.message}`).join('\n')}`);
  }
}

/** Parses builder input with its schema; a failure lists every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new AttestationInputError(what, toValidationIssues(result.error.issues));
  return result.data;
}
