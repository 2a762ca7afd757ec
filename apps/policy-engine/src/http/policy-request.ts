import { z } from 'zod';

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
