import { valid as validSemver } from 'semver';
import { z } from 'zod';
import { MISSING_EVIDENCE_RULE_ID } from '../evaluate/decision';
import { SCAN_KINDS, SEVERITIES } from '../evidence/gate-evidence.schema';
import { isLicenseListEntry } from '../licenses/license-policy';

/** The YAML document of a policy pack, before its CEL is compiled. */
const text = () => z.string().trim().min(1);
const licenseEntry = () =>
  z.string().refine(isLicenseListEntry, { error: (issue) => `not an SPDX licence id (or "id WITH exception"): ${JSON.stringify(issue.input)}` });

export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

const ruleSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID_PATTERN, { error: 'rule ids are lower-case letters, digits, ".", "_" and "-"' }),
    severity: z.enum(SEVERITIES),
    description: text(),
    /** May interpolate `{{ CEL }}` over `item` (with `each`) and `evidence`. */
    message: text(),
    remediation: text(),
    /** CEL yielding the list of items to check, one violation per item for which `when` holds. */
    each: text().optional(),
    /** CEL bool: a violation when true. Over `item` and `evidence` with `each`; over `evidence` alone without. Defaults to true with `each`. */
    when: text().optional(),
    /** Defaults to severity == critical. */
    blocking: z.boolean().optional(),
  })
  .refine((rule) => rule.each !== undefined || rule.when !== undefined, { error: 'a rule needs `when`, `each`, or both' });

const scanRequirementSchema = z
  .strictObject({ scanner: text().optional(), kind: z.enum(SCAN_KINDS).optional() })
  .refine((scan) => scan.scanner !== undefined || scan.kind !== undefined, { error: 'name the scan by `scanner`, `kind`, or both' });

const testSchema = z.strictObject({
  name: text(),
  /** Inline evidence, or a path (relative to the pack) to a JSON or YAML evidence file. */
  evidence: z.union([text(), z.record(z.string(), z.unknown())]),
  /** An RFC 7386 JSON merge patch applied on top of `evidence`: one base, many variants. */
  patch: z.record(z.string(), z.unknown()).optional(),
  waivers: z.array(z.unknown()).optional(),
  /** The evaluation time (RFC 3339); waivers expire against it. Defaults to the time of the run. */
  now: z.iso.datetime({ offset: true }).optional(),
  expect: z.strictObject({
    verdict: z.enum(['pass', 'fail']),
    /** Exactly the rules that fail (blocking), when given. */
    failedRules: z.array(text()).optional(),
    /** Exactly the rules that warn (non-blocking), when given. */
    warnedRules: z.array(text()).optional(),
    /** Rules with at least one waived violation, when given. */
    waivedRules: z.array(text()).optional(),
  }),
});

export const policyPackDocumentSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'pack names are lower-case letters, digits and "-"' }),
    version: z.string().refine((v) => validSemver(v) === v, { error: 'expected a semantic version, e.g. 1.2.0' }),
    description: text(),
    deadlineSeconds: z.int().positive().max(86_400).default(1800),
    requiredEvidence: z
      .strictObject({
        credentials: z.boolean().default(false),
        sbom: z.boolean().default(false),
        signature: z.boolean().default(false),
        scans: z.array(scanRequirementSchema).default([]),
      })
      .default({ credentials: false, sbom: false, signature: false, scans: [] }),
    licenses: z.strictObject({ allow: z.array(licenseEntry()).default([]), deny: z.array(licenseEntry()).default([]) }).default({ allow: [], deny: [] }),
    rules: z.array(ruleSchema).min(1),
    tests: z.array(testSchema).default([]),
  })
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.rules.forEach((rule, index) => {
      if (rule.id.startsWith('tollgate.')) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'rule ids starting with "tollgate." are reserved for the engine' });
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id ${JSON.stringify(rule.id)}` });
      seen.add(rule.id);
    });
    const known = new Set([...pack.rules.map((r) => r.id), MISSING_EVIDENCE_RULE_ID]);
    pack.tests.forEach((test, index) => {
      for (const field of ['failedRules', 'warnedRules', 'waivedRules'] as const) {
        (test.expect[field] ?? []).forEach((id, at) => {
          if (!known.has(id)) ctx.addIssue({ code: 'custom', path: ['tests', index, 'expect', field, at], message: `no rule ${JSON.stringify(id)} in this pack` });
        });
      }
    });
    const denied = new Set(pack.licenses.deny.map((d) => d.toLowerCase()));
    pack.licenses.allow.forEach((id, index) => {
      if (denied.has(id.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['licenses', 'allow', index], message: `${id} is on both the allow and the deny list` });
    });
  });

export type PolicyPackDocument = z.infer<typeof policyPackDocumentSchema>;
export type PackRuleDocument = PolicyPackDocument['rules'][number];
export type PackTestDocument = PolicyPackDocument['tests'][number];
