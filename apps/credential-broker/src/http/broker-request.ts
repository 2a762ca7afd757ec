import { z } from 'zod';
import { toValidationIssues, type ValidationIssue } from '@tollgate/events';

/** A request the broker cannot act on; nothing was issued or changed. */
export class BrokerRequestError extends Error {
  override readonly name = 'BrokerRequestError';

  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

export const exchangeBodySchema = z
  .object({
    role: z.string().min(1),
    pipelineRunId: z.string().min(1).max(512),
    ttlSeconds: z.number().int().positive().optional(),
    /** Only these of the role's secrets, by name. */
    secrets: z.array(z.string().min(1).max(64)).min(1).max(64).optional(),
  })
  .strict();

export const signBodySchema = z
  .object({
    role: z.string().min(1),
    /** Standard base64 of the bytes to sign, as Vault transit takes it. */
    input: z.base64(),
    key_version: z.number().int().positive().optional(),
    hash_algorithm: z.enum(['sha2-256', 'sha2-384', 'sha2-512']).optional(),
    pipelineRunId: z.string().min(1).optional(),
  })
  .strict();

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? undefined);
  if (!result.success) throw new BrokerRequestError(400, 'request body is invalid; nothing was issued', toValidationIssues(result.error.issues));
  return result.data;
}

/** The bearer token of `Authorization: Bearer <jwt>`; never logged. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new BrokerRequestError(401, 'missing workload token: send Authorization: Bearer <jwt>');
  return match[1];
}
