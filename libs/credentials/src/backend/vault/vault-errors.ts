/**
 * Turns whatever node-vault or the network threw into a BackendError, and retries
 * the kinds that can succeed later. The raw error is never kept: node-vault's
 * ApiResponseError and transport errors can reference the request (headers with
 * X-Vault-Token), so every BackendError is built fresh from the status and
 * Vault's own error strings only.
 */
import { BackendError } from '../secrets-backend';

/** The transport attaches a 429's Retry-After here (node-vault keeps only status and body). */
export const RETRY_AFTER_MS = Symbol('vault.retryAfterMs');

/** What Vault answered, reduced to the parts that are safe to show. */
export interface VaultHttpFailure {
  status: number;
  /** Vault's `errors` strings, with any known secret redacted. */
  errors: string[];
  retryAfterMs?: number;
}

export interface VaultCallContext {
  /** Not secret: what we were doing, e.g. `database creds for role "ci-readonly"`. */
  operation: string;
  /** Origin only (no path, no userinfo). */
  endpoint: string;
  timeoutMs: number;
  /** Tokens that must never appear in a message, even if Vault echoed one. */
  secrets: readonly string[];
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited out here: the caller gets 'rate-limited'. */
  maxDelayMs: number;
}

export interface CallOptions {
  /**
   * Safe to resend after a network failure. Non-idempotent calls (unwrap, login,
   * creds, rotate) are resent only when Vault answered 412/429/503, which means
   * it did not act on the request.
   */
  idempotent: boolean;
  /** Per-endpoint meaning of a status, e.g. unwrap's 400; returned errors are thrown as-is, unretried. */
  interpret?: (failure: VaultHttpFailure) => Error | undefined;
}

const NOT_PROCESSED_STATUSES = new Set([412, 429, 503]);

export async function callVault<T>(
  context: VaultCallContext,
  policy: RetryPolicy,
  options: CallOptions,
  send: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (raw: unknown) {
      const failure = httpFailureOf(raw, context.secrets);
      const special = failure && options.interpret?.(failure);
      if (special) throw special;
      const error = toBackendError(raw, context);
      const resendable = options.idempotent || (failure !== undefined && NOT_PROCESSED_STATUSES.has(failure.status));
      if (!error.retryable || !resendable || attempt >= policy.maxAttempts) throw error;
      const delayMs = retryDelayMs(error, attempt, policy);
      if (delayMs === undefined) throw error;
      await sleep(delayMs);
    }
  }
}

/** Exponential backoff with jitter; Retry-After wins when Vault sent one. */
export function retryDelayMs(error: BackendError, attempt: number, policy: RetryPolicy): number | undefined {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** The HTTP status and Vault error strings of a node-vault ApiResponseError, or undefined for other errors. */
export function httpFailureOf(raw: unknown, secrets: readonly string[]): VaultHttpFailure | undefined {
  if (typeof raw !== 'object' || raw === null || !('response' in raw)) return undefined;
  const response = (raw as { response: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const { statusCode, body } = response as { statusCode?: unknown; body?: unknown };
  if (typeof statusCode !== 'number') return undefined;
  const bodyObject = typeof body === 'object' && body !== null ? (body as Record<string | symbol, unknown>) : {};
  const errors = Array.isArray(bodyObject['errors'])
    ? bodyObject['errors'].filter((e): e is string => typeof e === 'string').map((e) => redact(e, secrets))
    : [];
  const retryAfter = bodyObject[RETRY_AFTER_MS];
  return { status: statusCode, errors, retryAfterMs: typeof retryAfter === 'number' ? retryAfter : undefined };
}

export function toBackendError(raw: unknown, context: VaultCallContext): BackendError {
  if (raw instanceof BackendError) return raw;
  const failure = httpFailureOf(raw, context.secrets);
  if (failure) return fromHttpFailure(failure, context);
  return fromTransportError(raw, context);
}

export function fromHttpFailure(failure: VaultHttpFailure, context: VaultCallContext): BackendError {
  const { status } = failure;
  const said = failure.errors.length > 0 ? `: ${failure.errors.join('; ')}` : '';
  const prefix = `Vault ${context.operation} failed (HTTP ${status})`;
  if (status === 503) {
    const detail = failure.errors.length > 0 ? ` (${failure.errors.join('; ')})` : '';
    return new BackendError('unavailable', `${prefix}: Vault is sealed or in maintenance${detail}`);
  }
  if (status === 429) {
    return new BackendError('rate-limited', `${prefix}: rate limited${said}`, { retryAfterMs: failure.retryAfterMs });
  }
  // Enterprise eventual consistency: the node has not caught up yet, so retrying helps.
  if (status === 412) return new BackendError('unavailable', `${prefix}: replication has not caught up yet${said}`);
  if (status === 403) return new BackendError('permission-denied', `${prefix}${said || ': permission denied'}`);
  if (status === 404) return new BackendError('not-found', `${prefix}${said || ': no such path, or no permission to know'}`);
  if (status >= 300 && status < 400) {
    return new BackendError('unavailable', `${prefix}: Vault answered with a redirect; point the endpoint at the active node or its load balancer`);
  }
  if (status >= 400 && status < 500) return new BackendError('invalid-request', `${prefix}${said}`);
  return new BackendError('unavailable', `${prefix}${said}`);
}

const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function fromTransportError(raw: unknown, context: VaultCallContext): BackendError {
  const code = errorCodeOf(raw);
  // Read `name` structurally: fetch's timeout DOMException is not always `instanceof Error` (other realms, Jest).
  const rawName = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  const name = typeof rawName === 'string' ? rawName : typeof raw;
  if (TIMEOUT_NAMES.has(name) || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new BackendError(
      'unavailable',
      `Vault at ${context.endpoint} did not answer ${context.operation} within ${context.timeoutMs} ms`,
    );
  }
  if (code !== undefined) {
    return new BackendError('unavailable', `Cannot reach Vault at ${context.endpoint} for ${context.operation} (${code})`);
  }
  // Unknown shape: name only, since its message could quote the request.
  return new BackendError('unavailable', `Unexpected ${name} talking to Vault at ${context.endpoint} during ${context.operation}`);
}

/** Network error code from an axios error, a fetch TypeError's cause, or a Node system error. */
function errorCodeOf(raw: unknown): string | undefined {
  for (let current: unknown = raw, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret.length >= 8 ? out.split(secret).join('[redacted]') : out), text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
