import { z } from 'zod';
import type { Finding } from '@tollgate/scanning';
import { pathText, PolicyInputError } from '../policy.error';

/**
 * What the gate decides over, assembled by the policy engine from the evidence events of
 * one pipeline run and artifact. Plain JSON only (no Dates, no undefined inside arrays), so
 * it can be stored, hashed (evidenceDigest) and replayed into the same decision.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type PolicySeverity = (typeof SEVERITIES)[number];
export const FINDING_KINDS = ['iac', 'secret', 'vulnerability', 'code', 'other'] as const;
export const SCAN_KINDS = ['iac', 'secret', 'vulnerability', 'code'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

const text = () => z.string().min(1);
export const sha256Digest = () => z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256:<64 lower-case hex>' });
const line = () => z.int().positive();

const findingLocationSchema = z.strictObject({
  path: text(),
  startLine: line(),
  startColumn: line().optional(),
  endLine: line().optional(),
  endColumn: line().optional(),
});

/** libs/scanning's Finding, as a schema (checked against the type below). */
export const findingSchema = z.strictObject({
  ruleId: text(),
  scanner: text(),
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(SEVERITIES),
  message: text(),
  location: findingLocationSchema.optional(),
  fix: text().optional(),
  helpUri: z.string().optional(),
  fingerprint: text(),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const sbomComponentSchema = z.strictObject({
  purl: text(),
  name: text(),
  version: z.string(),
  ecosystem: text(),
  /** SPDX expressions as declared; several are all in force (AND). Empty: nothing declared. */
  licenses: z.array(z.string()),
  scope: z.enum(['required', 'optional', 'dev']),
});

export const scanRecordSchema = z.strictObject({
  scanner: text(),
  kind: z.enum(SCAN_KINDS),
  status: z.enum(['completed', 'failed']),
  /** scan.failed's code (TIMEOUT, CRASHED…). */
  failureCode: text().optional(),
  reason: text().optional(),
});

export const signatureEvidenceSchema = z.strictObject({
  verified: z.boolean(),
  /** libs/attestation's VerificationFailureCode, or signing.failed's code when nothing was signed. */
  failure: z.strictObject({ code: text(), message: text() }).optional(),
  /** The predicate types of the verified attestations (provenance, SBOM). */
  predicateTypes: z.array(text()),
  builderId: text().optional(),
  sourceRepository: text().optional(),
  sourceRef: text().optional(),
});

export const gateEvidenceSchema = z.strictObject({
  pipelineRunId: text(),
  artifactDigest: sha256Digest(),
  repository: text().optional(),
  credentials: z.strictObject({ outcome: z.enum(['issued', 'denied']), reason: text().optional(), category: text().optional() }).optional(),
  sbom: z.strictObject({ digest: sha256Digest(), components: z.array(sbomComponentSchema) }).optional(),
  findings: z.array(findingSchema),
  scans: z.array(scanRecordSchema),
  signature: signatureEvidenceSchema.optional(),
  /** Known-exploited vulnerability ids (CVE…) the user supplies, e.g. from CISA's KEV catalogue. */
  kev: z.array(text()).optional(),
});

/** Evidence so far: credentials, sbom and signature appear as their events arrive. */
export type GateEvidence = z.infer<typeof gateEvidenceSchema>;
export type EvidenceFinding = z.infer<typeof findingSchema>;
export type SbomComponent = z.infer<typeof sbomComponentSchema>;
export type ScanRecord = z.infer<typeof scanRecordSchema>;
export type SignatureEvidence = z.infer<typeof signatureEvidenceSchema>;

// The scanner's findings go into evidence as they are: fails to compile if the models drift apart.
type _FindingFits = Finding extends EvidenceFinding ? true : never;
const _findingFits: _FindingFits = true;

/** Validates evidence from outside (a stored row, the dry-run endpoint); throws with every issue. */
export function parseEvidence(input: unknown): GateEvidence {
  const result = gateEvidenceSchema.safeParse(input);
  if (!result.success) {
    throw new PolicyInputError(
      'EVIDENCE_INVALID',
      result.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })),
    );
  }
  return result.data;
}
