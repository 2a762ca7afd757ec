import { IngestError } from '../ingest.error';

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

export interface ParsedRequest {
  mode: 'structured' | 'batch' | 'binary';
  /** Raw CloudEvent objects, not yet validated. */
  events: unknown[];
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new IngestError('EVENT_INVALID', `(body): expected JSON, got unparseable text (${(error as Error).message})`, {
      issues: [{ path: '(body)', expected: 'JSON', got: 'unparseable text', message: (error as Error).message }],
    });
  }
}

/** Header values are percent-encoded (CloudEvents HTTP binding §3.1.3.2). */
function decodeHeaderValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Turns an HTTP request into CloudEvent objects: structured mode (one event),
 * batch mode (an array), or binary mode (`ce-*` headers, body = data).
 */
export function parseCloudEventsRequest(contentTypeHeader: string | undefined, headers: Record<string, string | string[] | undefined>, raw: Buffer): ParsedRequest {
  const contentType = (contentTypeHeader ?? '').split(';')[0].trim().toLowerCase();
  if (contentType === STRUCTURED) {
    const event = parseJson(raw);
    if (Array.isArray(event)) throw new IngestError('EVENT_INVALID', `(body): expected one event object for ${STRUCTURED}, got array (use ${BATCH})`);
    return { mode: 'structured', events: [event] };
  }
  if (contentType === BATCH) {
    const events = parseJson(raw);
    if (!Array.isArray(events)) throw new IngestError('EVENT_INVALID', `(body): expected an array of events for ${BATCH}, got ${typeof events}`);
    if (events.length === 0) throw new IngestError('EVENT_INVALID', '(body): expected at least one event, got an empty batch');
    return { mode: 'batch', events };
  }
  if (headers['ce-specversion'] !== undefined) {
    if (contentType !== 'application/json' && contentType !== '') {
      throw new IngestError('UNSUPPORTED_MEDIA_TYPE', `binary-mode data must be application/json, got ${contentType}`);
    }
    const event: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!name.startsWith('ce-') || value === undefined) continue;
      event[name.slice(3)] = decodeHeaderValue(Array.isArray(value) ? value[0] : value);
    }
    event.datacontenttype = 'application/json';
    event.data = parseJson(raw);
    return { mode: 'binary', events: [event] };
  }
  throw new IngestError(
    'UNSUPPORTED_MEDIA_TYPE',
    `expected Content-Type ${STRUCTURED} or ${BATCH}, or binary mode with ce-* headers; got ${contentType || 'none'}`,
  );
}
