export type SecretScanErrorCode = 'TIMEOUT' | 'SCAN_FAILED';

/** The secret scan did not complete: evidence the gate must treat as missing, never as clean. */
export class SecretScanError extends Error {
  override readonly name = 'SecretScanError';

  constructor(
    readonly code: SecretScanErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
