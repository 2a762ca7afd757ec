import { z } from 'zod';
import { sha256Digest } from '../evidence/gate-evidence.schema';
import { pathText, PolicyInputError } from '../policy.error';

const text = () => z.string().trim().min(1);
const instant = () => z.iso.datetime({ offset: true, error: 'expected an RFC 3339 date-time, e.g. 2025-07-01T00:00:00Z' });

/**
 * A waiver: one rule, a scope (every given field must match), why, who approved it,
 * until when, and the change or incident it belongs to. Without a scope field it would
 * waive the rule everywhere, so at least one is required.
 */
export const waiverSchema = z
  .strictObject({
    id: text(),
    ruleId: text(),
    scope: z
      .strictObject({
        repository: text().optional(),
        artifactDigest: sha256Digest().optional(),
        /** A purl (`pkg:npm/lodash@4.17.20`), a purl without version (any version), or a prefix ending in `/` (`pkg:npm/@acme/`). */
        component: z.string().startsWith('pkg:', { error: 'expected a purl or purl prefix starting with pkg:' }).optional(),
        /** The violation's fingerprint, or the underlying finding's. */
        fingerprint: text().optional(),
      })
      .refine((s) => Object.values(s).some((v) => v !== undefined), { error: 'a waiver must name a scope: repository, artifactDigest, component or fingerprint' }),
    reason: text(),
    approver: text(),
    expiresAt: instant(),
    reference: text(),
    createdAt: instant(),
  })
  .refine((w) => Date.parse(w.expiresAt) > Date.parse(w.createdAt), { error: 'expiresAt must be after createdAt', path: ['expiresAt'] });

export type Waiver = z.infer<typeof waiverSchema>;

export function parseWaiver(input: unknown): Waiver {
  const result = waiverSchema.safeParse(input);
  if (!result.success) {
    throw new PolicyInputError('WAIVER_INVALID', result.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })));
  }
  return result.data;
}
