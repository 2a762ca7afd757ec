import { type TollgateEvent } from '@tollgate/events';
import { GatewayError, type GatewayErrorCode } from './gateway.error';
import { backoffDelay, parseAccepted, parseErrorBody, parseJson, parseRetryAfter, truncate } from './gateway-response';
import { SIGNATURE_HEADER, SOURCE_HEADER, signRequest } from './request-signature';

export interface GatewayClientOptions {
  /** Base URL of the ingest gateway, e.g. `http://127.0.0.1:8080`; a path prefix is kept. */
  url: string;
  /** Required to send events; when both are set, reads are signed too. */
  sourceId?: string;
  secret?: string | Buffer;
  /** Retries after the first attempt. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the retries instead of blocking a build for minutes. */
  maxRetryAfterMs?: number;
  /** Per attempt; a timed-out attempt counts as a network error and is retried. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  /** Called before each wait, e.g. to tell a CI log why the command is pausing. */
  onRetry?: (notice: RetryNotice) => void;
}

export interface RetryNotice {
  /** The attempt that just failed (1-based) and how many will be made at most. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: string;
}

export interface SendEventResult {
  status: number;
  id: string;
  duplicate: boolean;
}

// Only answers that may change on their own are retried; 4xx means the
// request itself is wrong and sending it again cannot help.
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

type Outcome =
  | { kind: 'response'; status: number; statusText: string; text: string; retryAfterMs?: number }
  | { kind: 'network'; reason: string; cause: unknown };

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: Buffer;
  headers: Record<string, string>;
  /** What the request is about, for messages: `the event`, `pipeline run "x"`. */
  subject: string;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

// Duck-typed rather than `instanceof Error`: fetch's errors may come from another realm (e.g. under Jest).
function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

function networkReason(err: unknown): string {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: Error('connect ECONNREFUSED …') }).
  const outer = asErrorLike(err);
  const cause = asErrorLike(outer?.cause) ?? outer;
  if (cause?.name === 'TimeoutError' || outer?.name === 'TimeoutError') return 'request timed out';
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  return String(err);
}

export class GatewayClient {
  private readonly base: URL;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly opts: GatewayClientOptions) {
    let base: URL;
    try {
      base = new URL(opts.url.endsWith('/') ? opts.url : `${opts.url}/`);
    } catch {
      throw new TypeError('gateway URL is not a valid URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('gateway URL must be http or https');
    // Requests are authenticated by signature; credentials in a URL end up in logs.
    if (base.username || base.password) throw new TypeError('gateway URL must not contain credentials');
    this.base = base;
    this.retries = opts.retries ?? 5;
    if (!Number.isInteger(this.retries) || this.retries < 0) throw new RangeError('retries must be an integer >= 0');
    this.baseDelayMs = opts.baseDelayMs ?? 250;
    this.maxDelayMs = opts.maxDelayMs ?? 8000;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? (() => new Date());
  }

  /** Where requests go, without query or fragment; safe to print. */
  get displayUrl(): string {
    return `${this.base.origin}${this.base.pathname}`;
  }

  /**
   * Posts one event in CloudEvents structured mode. The body (and so the event
   * id) is the same on every attempt, so a retry after a lost response is
   * answered `duplicate` instead of being accepted twice.
   */
  async sendEvent(event: TollgateEvent): Promise<SendEventResult> {
    const { sourceId, secret } = this.opts;
    if (!sourceId || secret === undefined) throw new TypeError('sendEvent needs sourceId and secret');
    const headers: Record<string, string> = { 'content-type': 'application/cloudevents+json; charset=utf-8', [SOURCE_HEADER]: sourceId };
    if (event.traceparent) headers.traceparent = event.traceparent;
    const body = Buffer.from(JSON.stringify(event), 'utf8');
    const res = await this.request({ method: 'POST', path: 'v1/events', body, headers, subject: 'the event' });
    return { status: res.status, ...parseAccepted(res.text, res.status, event.id) };
  }

  /** What the gateway knows about one pipeline run; GatewayError NOT_FOUND when it knows nothing. */
  async getPipeline(runId: string): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (this.opts.sourceId && this.opts.secret !== undefined) headers[SOURCE_HEADER] = this.opts.sourceId;
    const subject = `pipeline run ${JSON.stringify(runId)}`;
    const res = await this.request({ method: 'GET', path: `v1/pipelines/${encodeURIComponent(runId)}`, headers, subject });
    const json = parseJson(res.text);
    if (json === undefined) {
      throw new GatewayError('UNAVAILABLE', `gateway answered ${res.status} for ${subject} with a body that is not JSON`, {
        status: res.status,
        attempts: res.attempts,
      });
    }
    return json;
  }

  private async request(spec: RequestSpec): Promise<{ status: number; text: string; attempts: number }> {
    const maxAttempts = this.retries + 1;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return { status: outcome.status, text: outcome.text, attempts: attempt };
      }
      const retryable = outcome.kind === 'network' || RETRYABLE_STATUS.has(outcome.status);
      const retryAfterMs = outcome.kind === 'response' ? outcome.retryAfterMs : undefined;
      const tooLong = retryAfterMs !== undefined && retryAfterMs > this.maxRetryAfterMs;
      if (!retryable || attempt >= maxAttempts || tooLong) throw this.toError(outcome, spec, attempt, tooLong ? retryAfterMs : undefined);
      // The server's Retry-After wins over our own schedule: it knows when it will have room.
      const waitMs = retryAfterMs ?? backoffDelay(attempt - 1, this.baseDelayMs, this.maxDelayMs, this.random);
      const reason = outcome.kind === 'network' ? outcome.reason : `${outcome.status} ${outcome.statusText}`.trim();
      this.opts.onRetry?.({ attempt, maxAttempts, delayMs: waitMs, reason });
      await this.sleep(waitMs);
    }
  }

  private async attempt(spec: RequestSpec): Promise<Outcome> {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    // Signed per attempt: the timestamp must be fresh or a slow retry would be rejected as expired.
    if (headers[SOURCE_HEADER] && this.opts.secret !== undefined) {
      headers[SIGNATURE_HEADER] = signRequest(this.opts.secret, spec.body ?? Buffer.alloc(0), this.now());
    }
    try {
      const res = await this.fetch(new URL(spec.path, this.base), {
        method: spec.method,
        headers,
        // A copy typed as a plain ArrayBuffer view: fetch's typings (Node's or the DOM's) accept it either way.
        body: spec.body === undefined ? undefined : new Uint8Array(spec.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
      return { kind: 'response', status: res.status, statusText: res.statusText, text, retryAfterMs };
    } catch (err) {
      return { kind: 'network', reason: networkReason(err), cause: err };
    }
  }

  private toError(outcome: Outcome, spec: RequestSpec, attempts: number, refusedWaitMs?: number): GatewayError {
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    if (outcome.kind === 'network') {
      return new GatewayError('NETWORK', `cannot reach the gateway at ${this.displayUrl} after ${tries}: ${outcome.reason}`, {
        attempts,
        cause: outcome.cause,
      });
    }
    const { status } = outcome;
    const body = parseErrorBody(outcome.text);
    const label = [status, body.code ?? outcome.statusText].filter(Boolean).join(' ');
    const detail = body.message ? `: ${body.message}` : '';
    const issues = body.issues.map((i) => `\n  ${i.path}: expected ${i.expected}, got ${i.got}`).join('');
    const details = { status, serverCode: body.code, issues: body.issues, attempts };

    let code: GatewayErrorCode;
    let head: string;
    if (status === 401 || status === 403) {
      code = 'UNAUTHENTICATED';
      head = `gateway refused the credentials of source ${JSON.stringify(this.opts.sourceId ?? '')} (${label})`;
    } else if (status === 404) {
      code = 'NOT_FOUND';
      head = spec.method === 'GET' ? `${spec.subject} not found (${label})` : `no ingest endpoint at ${this.displayUrl} (${label})`;
    } else if (status === 429 || status >= 500) {
      code = 'UNAVAILABLE';
      const why = refusedWaitMs === undefined ? `after ${tries}` : `and asks to retry after ${Math.ceil(refusedWaitMs / 1000)}s`;
      head = `gateway unavailable ${why} (${label})`;
    } else {
      code = 'REJECTED';
      head = `gateway rejected ${spec.subject} (${label})`;
    }
    return new GatewayError(code, truncate(`${head}${detail}`, 1000) + issues, details);
  }
}
