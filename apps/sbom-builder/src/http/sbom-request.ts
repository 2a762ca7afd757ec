import { z } from 'zod';
import { toValidationIssues, type ValidationIssue } from '@tollgate/events';

/** A request the SBOM builder cannot act on; nothing was built or stored. */
export class SbomRequestError extends Error {
  override readonly name = 'SbomRequestError';

  constructor(
    readonly status: 400 | 404 | 422,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

const sha256Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex>');

/** POST /v1/sboms: the same build artifact.packaged triggers, asked for directly. */
export const buildRequestSchema = z
  .object({
    artifactDigest: sha256Digest,
    pipelineRunId: z.string().min(1).max(512),
    name: z.string().min(1).max(200).optional(),
    source: z.union([
      z.object({ repository: z.string().min(1), commit: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a hex commit id') }).strict(),
      z.object({ image: z.object({ registry: z.url(), repository: z.string().min(1), digest: sha256Digest }).strict() }).strict(),
    ]),
  })
  .strict();

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? undefined, { reportInput: true });
  if (!result.success) throw new SbomRequestError(400, 'request body is invalid; nothing was built', toValidationIssues(result.error.issues));
  return result.data;
}
