import { type GatewayIssue } from './gateway.error';

/** The gateway's error envelope: `{"error": {"code", "message", "issues"?}}`. */
export interface GatewayErrorBody {
  code?: string;
  message?: string;
  issues: GatewayIssue[];
}

// Server text is echoed to a terminal or CI log; an HTML error page from a
// proxy in front of the gateway should not flood it.
const MAX_MESSAGE = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function truncate(s: string, max = MAX_MESSAGE): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toIssue(value: unknown): GatewayIssue | undefined {
  if (!isRecord(value)) return undefined;
  const path = str(value.path) ?? '(unknown)';
  const expected = str(value.expected) ?? '?';
  const got = str(value.got) ?? '?';
  return { path, expected, got, message: str(value.message) ?? `${path}: expected ${expected}, got ${got}` };
}

/** Reads whatever the gateway (or a proxy before it) answered; never throws. */
export function parseErrorBody(text: string): GatewayErrorBody {
  const json = parseJson(text);
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  if (!error) {
    const plain = text.trim();
    return { message: plain && !plain.startsWith('<') ? truncate(plain) : undefined, issues: [] };
  }
  const issues = Array.isArray(error.issues) ? error.issues.map(toIssue).filter((i): i is GatewayIssue => i !== undefined) : [];
  const message = str(error.message);
  return { code: str(error.code), message: message === undefined ? undefined : truncate(message), issues };
}

/** `{"id", "duplicate"}` of an accepted event; falls back to what we sent when the body is not that shape. */
export function parseAccepted(text: string, status: number, sentId: string): { id: string; duplicate: boolean } {
  const json = parseJson(text);
  const body = isRecord(json) ? json : {};
  return {
    id: str(body.id) ?? sentId,
    duplicate: typeof body.duplicate === 'boolean' ? body.duplicate : status === 200,
  };
}

/** Retry-After as delay-seconds or an HTTP-date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Full jitter: uniform in [0, min(max, base * 2^attempt)), so many clients retrying do not stampede together. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
