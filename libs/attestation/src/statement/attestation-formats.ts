import { z } from 'zod';

/** `sha256:<64 lowercase hex>`: how Tollgate names an artifact everywhere (events, CLI, OCI). */
export const SHA256_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
export const SHA256_DIGEST_LABEL = 'sha256:<64 hex>';

export const sha256DigestSchema = z.string().regex(SHA256_DIGEST_PATTERN, { error: SHA256_DIGEST_LABEL });

/** Hex of a `sha256:<hex>` digest (the form in-toto DigestSets hold). */
export function digestHex(digest: string): string {
  return digest.slice('sha256:'.length);
}

export const absoluteUriSchema = z.string().refine((s) => !/\s/.test(s) && URL.canParse(s), { error: 'absolute URI' });

/** A git commit: SHA-1 (40 hex) or SHA-256 (64 hex) object id. */
export const gitCommitSchema = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/, { error: 'git commit id (40 or 64 lowercase hex)' });

export const gitRefSchema = z.string().regex(/^refs\/\S+$/, { error: 'full git ref like refs/heads/main' });

/** RFC 3339 text or a Date; normalised to UTC `YYYY-MM-DDThh:mm:ss[.sss]Z` as SLSA asks. */
export const timestampSchema = z
  .union([z.date(), z.iso.datetime({ offset: true, error: 'RFC 3339 date-time' })])
  .refine((v) => !Number.isNaN(new Date(v).getTime()), { error: 'a valid date' })
  .transform((v) => new Date(v).toISOString().replace('.000Z', 'Z'));

export const stringMapSchema = z.record(z.string().min(1), z.string());
