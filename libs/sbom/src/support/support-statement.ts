import type { SupportPolicy } from './support-policy';

// No zod here: writing SBOMs needs only the lookup, not the file's schema.
export const SUPPORT_LEVELS = ['active', 'maintenance', 'end-of-life', 'abandoned', 'unknown'] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export interface SupportStatement {
  level: SupportLevel;
  supplier?: string;
  /** ISO date, or undefined when unknown (the justification says why). */
  endOfSupport?: string;
  justification?: string;
  /** The rule's pattern, or `default`. */
  source: string;
}

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The statement for a component (by its versionless purl); never undefined: unknown is recorded, not omitted. */
export function supportFor(policy: SupportPolicy, purlWithoutVersion: string): SupportStatement {
  for (const rule of policy.rules) {
    if (patternToRegExp(rule.match).test(purlWithoutVersion)) {
      return { level: rule.level, supplier: rule.supplier, endOfSupport: rule.endOfSupport, justification: rule.justification, source: rule.match };
    }
  }
  return { level: 'unknown', justification: policy.default.justification, source: 'default' };
}
