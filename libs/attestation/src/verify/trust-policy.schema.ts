import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { KEY_NAME_PATTERN, keyHint } from '../signing/key-hint';
import { KEY_STATUSES } from '../signing/public-keys-document';
import { SLSA_PROVENANCE_PREDICATE_TYPE } from '../statement/slsa-provenance';
import { SLSA_VSA_PREDICATE_TYPE } from '../statement/verification-summary';

function isSigningKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  } catch {
    return false;
  }
}

/** An exact value, or a prefix ending in `*` (`refs/tags/v*`, `https://jenkins.example/job/payments/*`). */
const pattern = z.string().min(1);

const trustedKeySchema = z.strictObject({
  name: z.string().regex(KEY_NAME_PATTERN, { error: 'key name (letters, digits, _ . -)' }),
  version: z.number().int().positive(),
  /** Rotation: an old version stays `active` (verifies) until it is marked `retired`. */
  status: z.enum(KEY_STATUSES),
  publicKey: z.string().refine(isSigningKey, { error: 'PEM public key (ECDSA P-256 or Ed25519)' }),
});

export const trustPolicySchema = z
  .strictObject({
    keys: z.array(trustedKeySchema).min(1),
    predicateTypes: z.array(z.string().min(1)).min(1),
    provenance: z
      .strictObject({
        builderIds: z.array(pattern).min(1),
        sources: z.array(z.strictObject({ repository: pattern, refs: z.array(pattern).min(1) })).min(1),
      })
      .optional(),
    vsa: z
      .strictObject({
        verifierIds: z.array(pattern).min(1),
        /** A VSA older than this (by timeVerified) no longer admits the artifact. */
        maxAgeSeconds: z.number().int().positive().optional(),
      })
      .optional(),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.keys.forEach((k, index) => {
      const hint = keyHint(k.name, k.version);
      if (seen.has(hint)) ctx.addIssue({ code: 'custom', message: `one entry per key version (${hint} is listed twice)`, path: ['keys', index], input: hint });
      seen.add(hint);
    });
    // Fail closed: accepting a predicate type means saying what makes it acceptable.
    if (policy.predicateTypes.includes(SLSA_PROVENANCE_PREDICATE_TYPE) && !policy.provenance) {
      ctx.addIssue({ code: 'custom', message: `a provenance section (builderIds, sources) since predicateTypes lists ${SLSA_PROVENANCE_PREDICATE_TYPE}`, path: ['provenance'], input: undefined });
    }
    if (policy.predicateTypes.includes(SLSA_VSA_PREDICATE_TYPE) && !policy.vsa) {
      ctx.addIssue({ code: 'custom', message: `a vsa section (verifierIds) since predicateTypes lists ${SLSA_VSA_PREDICATE_TYPE}`, path: ['vsa'], input: undefined });
    }
  });

export type TrustPolicy = z.output<typeof trustPolicySchema>;
export type TrustPolicyInput = z.input<typeof trustPolicySchema>;
export type TrustedKey = TrustPolicy['keys'][number];

/** Exact match, or prefix match for a pattern ending in `*`. */
export function matchesPattern(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/** Repository URLs compare without a trailing `/` or `.git`. */
export function normaliseRepository(url: string): string {
  return url.replace(/\/+$/, '').replace(/\.git$/, '');
}
