import canonicalize from 'canonicalize';
import { z } from 'zod';
import { absoluteUriSchema, digestHex, sha256DigestSchema } from './attestation-formats';
import { parseInput } from './attestation-input.error';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** cosign still emits v0.1 statements; verifiers accept both. */
export const IN_TOTO_STATEMENT_TYPE_V01 = 'https://in-toto.io/Statement/v0.1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** in-toto ResourceDescriptor; at least one of uri, digest, content. */
export interface ResourceDescriptor {
  uri?: string;
  digest?: Record<string, string>;
  name?: string;
  downloadLocation?: string;
  mediaType?: string;
  annotations?: Record<string, unknown>;
}

export interface InTotoSubject {
  name: string;
  digest: { sha256: string } & Record<string, string>;
}

export interface InTotoStatement<P = unknown> {
  _type: string;
  subject: InTotoSubject[];
  predicateType: string;
  predicate: P;
}

/** The artifact a statement is about, as Tollgate names it. */
export interface ArtifactRef {
  name: string;
  digest: string;
}

export const artifactRefSchema = z.strictObject({ name: z.string().min(1), digest: sha256DigestSchema });

export const resourceDescriptorSchema = z
  .strictObject({
    uri: absoluteUriSchema.optional(),
    digest: z.record(z.string().min(1), z.string().regex(/^[0-9a-f]+$/, { error: 'lowercase hex' })).optional(),
    name: z.string().min(1).optional(),
    downloadLocation: absoluteUriSchema.optional(),
    mediaType: z.string().min(1).optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((d) => d.uri !== undefined || (d.digest !== undefined && Object.keys(d.digest).length > 0), {
    error: 'a resource descriptor with a uri or a digest',
  });

/** Statement shape as verifiers read it: v1 or v0.1, subjects with digests, any predicate object. */
export const inTotoStatementSchema = z.object({
  _type: z.enum([IN_TOTO_STATEMENT_TYPE, IN_TOTO_STATEMENT_TYPE_V01]),
  subject: z.array(z.object({ name: z.string().optional(), digest: z.record(z.string(), z.string()) })).min(1),
  predicateType: z.string().min(1),
  predicate: z.record(z.string(), z.unknown()).optional(),
});

export function subjectOf(artifact: ArtifactRef): InTotoSubject {
  return { name: artifact.name, digest: { sha256: digestHex(artifact.digest) } };
}

/** A v1 statement about one artifact; the artifact reference is validated. */
export function buildStatement<P>(artifact: ArtifactRef, predicateType: string, predicate: P): InTotoStatement<P> {
  const ref = parseInput(artifactRefSchema, artifact, 'statement subject');
  return { _type: IN_TOTO_STATEMENT_TYPE, subject: [subjectOf(ref)], predicateType, predicate };
}

/**
 * The bytes that get signed: RFC 8785 canonical JSON, so the same statement
 * always yields the same payload (and the same bundle digest for the same signature).
 */
export function serializeStatement(statement: InTotoStatement): Buffer {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError('statement is not serialisable as JSON');
  return Buffer.from(text, 'utf8');
}
