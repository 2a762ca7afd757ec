import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';
import { SUPPORT_LEVELS } from './support-statement';

/**
 * The support-policy file: what FDA premarket submissions ask per component: its supplier, level of
 * support and end-of-support date, with a justification where unknown. The
 * user maintains these as rules by purl pattern (first match wins).
 */

const ruleSchema = z
  .object({
    /** A purl, optionally with `*` wildcards: `pkg:npm/@nestjs/*`, `pkg:deb/debian/*`. Matched against the purl without version. */
    match: z.string().regex(/^pkg:[a-z]+\//, 'a purl pattern like pkg:npm/@scope/*'),
    supplier: z.string().min(1).optional(),
    level: z.enum(SUPPORT_LEVELS),
    endOfSupport: z.iso.date({ message: 'a date like 2027-06-30' }).optional(),
    justification: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.level !== 'unknown' || r.justification, { message: 'an unknown level needs a justification', path: ['justification'] });

export const supportPolicySchema = z
  .object({
    /** Applies to a component no rule matches; an FDA addendum still lists it, as unknown with this justification. */
    default: z.object({ justification: z.string().min(1) }).strict().default({ justification: 'no support statement recorded for this component' }),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export type SupportPolicy = z.output<typeof supportPolicySchema>;

export class SupportPolicyError extends Error {
  override readonly name = 'SupportPolicyError';
}

export function parseSupportPolicy(text: string, origin = 'support policy'): SupportPolicy {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new SupportPolicyError(`${origin}: not valid YAML: ${(error as Error).message}`);
  }
  const result = supportPolicySchema.safeParse(document ?? {}, { reportInput: true });
  if (!result.success) throw new SupportPolicyError(`${origin} is invalid:\n${toValidationIssues(result.error.issues).map((i) => `  ${i.message}`).join('\n')}`);
  return result.data;
}

export function loadSupportPolicy(path: string): SupportPolicy {
  return parseSupportPolicy(readFileSync(path, 'utf8'), path);
}
