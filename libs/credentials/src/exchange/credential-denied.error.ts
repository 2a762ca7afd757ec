import type { DenialCategory } from '../broker-events';

/** The build gets nothing. The reason is recorded, published and returned; it never quotes a token or secret. */
export class CredentialDeniedError extends Error {
  override readonly name = 'CredentialDeniedError';

  constructor(
    readonly category: DenialCategory,
    readonly reason: string,
  ) {
    super(`credentials denied (${category}): ${reason}`);
  }

  /** 503 when trying again later may work (backend outage), 403 when it never will. */
  get retryable(): boolean {
    return this.category === 'backend-unavailable';
  }
}
