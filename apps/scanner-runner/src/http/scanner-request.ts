import { z } from 'zod';

const commit = z.string().regex(/^[0-9a-f]{7,64}$/, { error: 'a hex commit id' });

export const pipelineRunQuery = z.strictObject({ pipelineRunId: z.string().min(1).max(2048), linkBase: z.url().optional() });

export const scanRequestSchema = z.strictObject({
  pipelineRunId: z.string().min(1).max(2048),
  repository: z.string().min(1),
  commit,
  baseCommit: commit.optional(),
});

export const sarifUploadSchema = z.strictObject({
  pipelineRunId: z.string().min(1).max(2048),
  /** Names the scan and, when the SARIF's tool does not, its findings. */
  scanner: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  kind: z.enum(['iac', 'secret', 'vulnerability', 'code']).default('code'),
  /** What was scanned (a commit, an image), for the scan's record. */
  target: z.string().min(1).max(2048),
  sarif: z.unknown(),
});
