import { z } from 'zod';
import { absoluteUriSchema, digestHex, sha256DigestSchema, stringMapSchema, timestampSchema } from './attestation-formats';
import { parseInput } from './attestation-input.error';
import { artifactRefSchema, buildStatement, type InTotoStatement, type ResourceDescriptor } from './in-toto-statement';

export const SLSA_VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';
export const VSA_RESULTS = ['PASSED', 'FAILED'] as const;
export type VsaResult = (typeof VSA_RESULTS)[number];

export interface VerificationSummaryPredicate {
  verifier: { id: string; version?: Record<string, string> };
  timeVerified: string;
  resourceUri: string;
  policy: ResourceDescriptor & { uri: string };
  inputAttestations?: ResourceDescriptor[];
  verificationResult: VsaResult;
  verifiedLevels: string[];
  dependencyLevels?: Record<string, number>;
  slsaVersion?: string;
}

/** The sha256 a resource URI names (`…@sha256:<hex>`, or `%3A`-escaped in a purl), if any. */
export function digestInResourceUri(uri: string): string | undefined {
  const match = /sha256(?::|%3A)([0-9a-f]{64})(?![0-9a-f])/i.exec(uri);
  return match ? `sha256:${match[1].toLowerCase()}` : undefined;
}

const descriptorWithDigest = z.strictObject({ uri: absoluteUriSchema.optional(), digest: sha256DigestSchema });

export const vsaInputSchema = z
  .strictObject({
    artifact: artifactRefSchema,
    verifierId: absoluteUriSchema,
    verifierVersion: stringMapSchema.optional(),
    timeVerified: timestampSchema,
    /** The artifact as requested, naming its digest: `oci://reg/pay/api@sha256:<hex>` or a purl. */
    resourceUri: absoluteUriSchema,
    policy: z.strictObject({ uri: absoluteUriSchema, digest: sha256DigestSchema.optional() }),
    inputAttestations: z.array(descriptorWithDigest).optional(),
    verificationResult: z.enum(VSA_RESULTS),
    verifiedLevels: z.array(z.string().regex(/^[A-Za-z0-9_.:-]+$/, { error: 'SLSA result like SLSA_BUILD_LEVEL_3' })),
    dependencyLevels: z.record(z.string(), z.number().int().nonnegative()).optional(),
    slsaVersion: z.enum(['1.0', '1.1']).optional(),
  })
  // The verifier refuses a VSA whose resource names another digest; refuse to build one.
  .refine((i) => digestInResourceUri(i.resourceUri) === i.artifact.digest, {
    error: 'a resource URI naming the artifact digest (…@sha256:<hex>)',
    path: ['resourceUri'],
  });

export type VsaInput = z.input<typeof vsaInputSchema>;

const describe = (d: { uri?: string; digest?: string }): ResourceDescriptor => ({
  ...(d.uri && { uri: d.uri }),
  ...(d.digest && { digest: { sha256: digestHex(d.digest) } }),
});

export function buildVsaStatement(input: VsaInput): InTotoStatement<VerificationSummaryPredicate> {
  const i = parseInput(vsaInputSchema, input, 'SLSA verification summary');
  const predicate: VerificationSummaryPredicate = {
    verifier: { id: i.verifierId, ...(i.verifierVersion && { version: i.verifierVersion }) },
    timeVerified: i.timeVerified,
    resourceUri: i.resourceUri,
    policy: { uri: i.policy.uri, ...describe({ digest: i.policy.digest }) },
    ...(i.inputAttestations && { inputAttestations: i.inputAttestations.map(describe) }),
    verificationResult: i.verificationResult,
    // A set in meaning: sorted and unique, so the same verdict signs the same bytes.
    verifiedLevels: [...new Set(i.verifiedLevels)].sort(),
    ...(i.dependencyLevels && { dependencyLevels: i.dependencyLevels }),
    ...(i.slsaVersion && { slsaVersion: i.slsaVersion }),
  };
  return buildStatement(i.artifact, SLSA_VSA_PREDICATE_TYPE, predicate);
}

/** What a verifier reads from a VSA predicate. */
export const vsaPredicateSchema = z.object({
  verifier: z.object({ id: z.string().min(1) }),
  timeVerified: z.string().optional(),
  resourceUri: z.string().min(1),
  policy: z.object({ uri: z.string().min(1) }),
  verificationResult: z.string(),
  verifiedLevels: z.array(z.string()),
});
