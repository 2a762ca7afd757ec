import { DSSEBundleBuilder, FulcioSigner, RekorWitness, type BundleBuilder, type IdentityProvider } from '@sigstore/sign';
import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';

export interface KeylessOptions {
  /** Fulcio: issues a short-lived certificate for an ephemeral key bound to the identity token. */
  fulcioUrl: string;
  /** Rekor: records the signature in the transparency log. */
  rekorUrl: string;
  /** The OIDC identity token (e.g. the CI's workload identity), fetched per signature. */
  identityProvider: IdentityProvider;
  timeoutMs?: number;
  retries?: number;
}

const httpUrl = z.string().refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), { error: 'http(s) URL' });

const keylessOptionsSchema = z.strictObject({
  fulcioUrl: httpUrl,
  rekorUrl: httpUrl,
  identityProvider: z.custom<IdentityProvider>((v) => typeof (v as IdentityProvider | null)?.getToken === 'function', { error: 'an object with getToken()' }),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().nonnegative().max(10).optional(),
});

export class KeylessOptionsError extends Error {
  override readonly name = 'KeylessOptionsError';
  readonly code = 'KEYLESS_OPTIONS_INVALID';
}

/**
 * Keyless signing (Fulcio certificate + Rekor entry), for when those services
 * are reachable. Nothing is contacted until a bundle is created. Key-based
 * signing through the broker stays the default.
 */
export function keylessBundleBuilder(options: KeylessOptions): BundleBuilder {
  const result = keylessOptionsSchema.safeParse(options, { reportInput: true });
  if (!result.success) throw new KeylessOptionsError(`keyless signing options are invalid: ${toValidationIssues(result.error.issues).map((i) => i.message).join('; ')}`);
  const o = result.data;
  const fetchOptions = { timeout: o.timeoutMs ?? 10_000, retry: { retries: o.retries ?? 2 } };
  return new DSSEBundleBuilder({
    signer: new FulcioSigner({ fulcioBaseURL: o.fulcioUrl, identityProvider: o.identityProvider, ...fetchOptions }),
    witnesses: [new RekorWitness({ rekorBaseURL: o.rekorUrl, entryType: 'dsse', fetchOnConflict: true, ...fetchOptions })],
  });
}
