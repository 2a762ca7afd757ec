/** The command line cannot be understood; the runner prints the message, then `usage`, and exits 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';

  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something the user pointed at (a file, stdin) is unusable; exit 2, nothing was sent. */
export class CliInputError extends Error {
  readonly code = 'INPUT';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliInputError';
  }
}

/** The message of anything thrown; duck-typed because Node's own errors may come from another realm. */
export function errorMessage(err: unknown): string {
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(err);
}

/** The credential broker denied the request or could not be reached: exit 1, message without any secret. */
export class BrokerRefusedError extends Error {
  override readonly name = 'BrokerRefusedError';
}
