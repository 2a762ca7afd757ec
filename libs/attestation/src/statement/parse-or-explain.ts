import { type z } from 'zod';
import { toValidationIssues } from '@tollgate/events';

/**
 * Parses with `schema`; on failure returns the issue messages (field path, expected, got).
 * The happy path skips `reportInput`, which only matters for messages: verification is hot.
 */
export function parseOrExplain<T extends z.ZodType>(schema: T, value: unknown, prefix: readonly PropertyKey[] = []): { data: z.output<T> } | { problems: string } {
  const fast = schema.safeParse(value);
  if (fast.success) return { data: fast.data };
  const detailed = schema.safeParse(value, { reportInput: true });
  const issues = detailed.success ? [] : toValidationIssues(detailed.error.issues, prefix);
  return { problems: issues.map((i) => i.message).join('; ') };
}
