import type { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';

/** A request an API refuses as given (400), with one issue per bad field; nothing was done. */
export class RequestInvalidError extends Error {
  override readonly name = 'RequestInvalidError';

  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The body or query parsed by `schema`, or RequestInvalidError naming every bad field. */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues).map((i) => ({ path: i.path, message: i.message }));
  throw new RequestInvalidError(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
