import { type TollgateEvent } from '../envelope/cloud-event.schema';
import { parseEvent } from '../parse/parse-event';
import { EventValidationError } from '../validation/event-validation.error';
import { validationIssue } from '../validation/validation-issue';

const encoder = new TextEncoder();
// fatal: bytes that are not UTF-8 are rejected rather than silently replaced.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Structured-mode CloudEvent JSON (UTF-8). Validates first: nothing invalid is ever encoded for the bus. */
export function encodeEvent(event: TollgateEvent): Uint8Array {
  return encoder.encode(JSON.stringify(parseEvent(event)));
}

/** Parses and validates a structured-mode CloudEvent; bad bytes or JSON fail with path `(body)`. */
export function decodeEvent(bytes: Uint8Array | string): TollgateEvent {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  } catch (cause) {
    throw new EventValidationError([validationIssue('(body)', 'UTF-8 JSON', `invalid UTF-8 (${bytes.length} bytes)`)], { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold anything; report its size only.
    throw new EventValidationError([validationIssue('(body)', 'JSON (structured CloudEvent)', `invalid JSON (${text.length} chars)`)]);
  }
  return parseEvent(json);
}
