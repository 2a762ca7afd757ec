import { z } from 'zod';

const secretRef = z
  .object({
    secretFile: z.string().min(1).optional(),
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name').optional(),
  })
  .strict()
  .refine((r) => Boolean(r.secretFile) !== Boolean(r.secretEnv), { message: 'expected exactly one of secretFile or secretEnv' });

/**
 * One CI/CD system allowed to post events. HMAC secrets are referenced (file or
 * env), never inlined; Basic passwords are stored only as scrypt hashes.
 */
export const ingestSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a lowercase id like jenkins-prod'),
    /** CloudEvents `source` given to events this source's webhooks produce. */
    eventSource: z.string().min(1).optional(),
    /** Jenkins root URL, for Notification payloads that carry only relative URLs. */
    jenkinsRootUrl: z.url().optional(),
    hmac: secretRef.optional(),
    basic: z
      .object({ username: z.string().min(1), passwordHash: z.string().startsWith('scrypt$', 'expected an scrypt hash (tollgate source hash-password)') })
      .strict()
      .optional(),
    oidc: z
      .object({
        issuer: z.string().min(1),
        audience: z.string().min(1),
        jwksUri: z.url(),
        allowedSubjects: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    ratePerMinute: z.number().int().positive().default(600),
  })
  .strict()
  .refine((s) => s.hmac || s.basic || s.oidc, { message: 'a source needs at least one of hmac, basic or oidc' });

export const ingestSourcesFileSchema = z.object({ sources: z.array(ingestSourceSchema).min(1) }).strict();

export type IngestSourceConfig = z.output<typeof ingestSourceSchema>;
