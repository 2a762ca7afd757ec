import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';

/** A request the API refuses as given (400), one issue per bad field. */
export class PolicyRequestError extends Error {
  override readonly name = 'PolicyRequestError';

  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues).map((i) => ({ path: i.path, message: i.message }));
  throw new PolicyRequestError(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

const instant = z.iso.datetime({ offset: true });

/** Dry run: evidence (and optionally waivers and a time) in, the decision out; nothing stored or published. */
export const evaluateRequestSchema = z.strictObject({ evidence: z.unknown(), waivers: z.array(z.unknown()).default([]), now: instant.optional() });

/** A waiver as an approver files it; id and creation time are the engine's. */
export const waiverRequestSchema = z.strictObject({
  ruleId: z.string().min(1),
  scope: z.record(z.string(), z.string()),
  reason: z.string().min(1),
  approver: z.string().min(1),
  expiresAt: instant,
  reference: z.string().min(1),
});
