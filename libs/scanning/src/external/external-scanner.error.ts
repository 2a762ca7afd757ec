export type ExternalScannerErrorCode = 'INVALID_CONFIG' | 'SPAWN_FAILED' | 'TIMEOUT' | 'ABORTED' | 'EXIT_NONZERO' | 'NO_SARIF' | 'INVALID_SARIF';

/**
 * An external scan that produced no usable result: a failed scan, which the gate treats
 * as missing evidence, never as a pass. Carries the end of the scanner's stderr (with
 * configured secret values redacted) and never its environment.
 */
export class ExternalScannerError extends Error {
  override readonly name = 'ExternalScannerError';

  constructor(
    readonly code: ExternalScannerErrorCode,
    readonly scanner: string,
    message: string,
    readonly details: { readonly exitCode?: number | null; readonly signal?: string | null; readonly stderrTail?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(details.stderrTail ? `${message}\nstderr (end):\n${details.stderrTail.slice(-1000)}` : message, options);
  }
}
