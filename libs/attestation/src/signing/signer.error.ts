export const SIGNER_ERROR_CODES = [
  /** The broker (or keyless service) could not be reached or failed (5xx, 429, timeout): retry later. */
  'SIGNER_UNAVAILABLE',
  /** The broker refused this workload (401/403): retrying will not help. */
  'SIGNING_REFUSED',
  /** The request was wrong (unknown key, bad input: 400/404). */
  'SIGNER_REQUEST_INVALID',
  /** The answer was not a usable signature (wrong shape, or it does not verify with the published key). */
  'SIGNER_RESPONSE_INVALID',
  /** Keyless: no identity token could be obtained or parsed. */
  'IDENTITY_TOKEN_UNAVAILABLE',
] as const;

export type SignerErrorCode = (typeof SIGNER_ERROR_CODES)[number];

/** Nothing was signed. Messages never carry a token or key material. */
export class SignerError extends Error {
  override readonly name = 'SignerError';

  constructor(
    readonly code: SignerErrorCode,
    message: string,
    readonly details: { status?: number; retryable?: boolean } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.details.retryable ?? this.code === 'SIGNER_UNAVAILABLE';
  }
}

/** Removes every occurrence of each secret from a message built partly from outside text. */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((text, secret) => (secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text), message);
}
