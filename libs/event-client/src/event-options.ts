import { readFile } from 'node:fs/promises';
import { type ContentOf, EVENT_DEFINITIONS, type EventKey, type TollgateEvent, buildEvent, getEventDefinition } from '@tollgate/events';
import { EventOptionsError } from './event-options.error';

/** Where an event posted from a CI step says it came from, unless `--source` says otherwise. */
export const DEFAULT_EVENT_SOURCE = '/ci/tollgate-cli';

export interface EventOptions {
  /** Event key (`pipelinerun.started`) or its CloudEvents type. */
  type: string;
  runId: string;
  subjectId: string;
  /** `subject.content` as JSON text; at most one of `content` and `contentFile`. Defaults to `{}`. */
  content?: string;
  contentFile?: string;
  artifactDigest?: string;
  source?: string;
  /** Reuse the same id when re-running a step, so the gateway answers `duplicate`. */
  id?: string;
  traceparent?: string;
  time?: Date | string;
}

export type ReadTextFile = (path: string) => Promise<string>;

const readUtf8: ReadTextFile = (path) => readFile(path, 'utf8');

export function eventKeys(): string[] {
  return EVENT_DEFINITIONS.map((d) => d.key);
}

function resolveKey(type: string): EventKey {
  const definition = getEventDefinition(type);
  if (!definition) {
    throw new EventOptionsError(`unknown event type ${JSON.stringify(type)}; expected one of: ${eventKeys().join(', ')}`);
  }
  // Every registered definition's key is an EventKey; the registry is typed loosely.
  return definition.key as EventKey;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function parseContent(text: string, from: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new EventOptionsError(`${from} is not valid JSON: ${reason}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventOptionsError(`${from} must be a JSON object (subject.content), got ${describeJson(value)}`);
  }
  return value as Record<string, unknown>;
}

async function readContent(opts: EventOptions, read: ReadTextFile): Promise<Record<string, unknown>> {
  if (opts.content !== undefined && opts.contentFile !== undefined) {
    throw new EventOptionsError('give either --content or --content-file, not both');
  }
  if (opts.contentFile === undefined) return parseContent(opts.content ?? '{}', '--content');
  let text: string;
  try {
    text = await read(opts.contentFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'read failed');
    throw new EventOptionsError(`cannot read --content-file ${opts.contentFile}: ${reason}`, { cause: err });
  }
  return parseContent(text, `--content-file ${opts.contentFile}`);
}

/**
 * Builds a validated event from command-line style options. Throws
 * EventOptionsError when the options cannot be read, and the events lib's
 * EventValidationError (with per-field issues) when the event breaks its contract.
 */
export async function eventFromOptions(opts: EventOptions, read: ReadTextFile = readUtf8): Promise<TollgateEvent> {
  const key = resolveKey(opts.type);
  const content = await readContent(opts, read);
  return buildEvent(key, {
    source: opts.source ?? DEFAULT_EVENT_SOURCE,
    subjectId: opts.subjectId,
    // Checked against the key's schema by buildEvent, which reports each bad field.
    content: content as ContentOf<EventKey>,
    pipelineRunId: opts.runId,
    artifactDigest: opts.artifactDigest,
    traceparent: opts.traceparent,
    id: opts.id,
    time: opts.time,
  });
}
