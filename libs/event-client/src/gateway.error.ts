/** One reason the gateway gave for rejecting an event (the `issues` of a 400 `EVENT_INVALID`). */
export interface GatewayIssue {
  path: string;
  expected: string;
  got: string;
  message: string;
}

/**
 * REJECTED: the gateway refused the request as sent (400, 413, 415, other 4xx) — retrying cannot help.
 * UNAUTHENTICATED: 401/403 — wrong source id or secret, clock skew, or a replayed signature.
 * NOT_FOUND: 404 — no such pipeline run (or no such endpoint at that URL).
 * UNAVAILABLE: 429 or 5xx after every retry (or a Retry-After longer than we wait).
 * NETWORK: the gateway could not be reached after every retry.
 */
export type GatewayErrorCode = 'REJECTED' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'UNAVAILABLE' | 'NETWORK';

export interface GatewayErrorDetails {
  status?: number;
  /** The gateway's own error code, e.g. `EVENT_INVALID`. */
  serverCode?: string;
  issues?: GatewayIssue[];
  attempts: number;
  cause?: unknown;
}

/** Never carries the HMAC secret: only the server's answer and what we asked for are in the message. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status?: number;
  readonly serverCode?: string;
  readonly issues: GatewayIssue[];
  readonly attempts: number;

  constructor(code: GatewayErrorCode, message: string, details: GatewayErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = details.status;
    this.serverCode = details.serverCode;
    this.issues = details.issues ?? [];
    this.attempts = details.attempts;
  }
}
