import { type EventDefinition } from '../definitions/event-definition';
import { CDEVENTS_SPEC_VERSION } from '../envelope/cdevent.schema';
import { type ValidationIssue, renderValue, validationIssue } from '../validation/validation-issue';

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The result of rewriting a CDEvents v0.4.1 document into the v0.5 shape. */
export interface LegacyNormalization {
  event: Json;
  issues: ValidationIssue[];
  /** v0.5 path → the path the sender used, so later errors name the field they sent. */
  pathRenames: ReadonlyMap<string, string>;
}

/** True when the CloudEvent carries a v0.4 CDEvent (`context.version`, no `specversion`). */
export function isLegacyDocument(event: Json): boolean {
  const context = isRecord(event.data) ? event.data.context : undefined;
  return isRecord(context) && 'version' in context && !('specversion' in context);
}

function expectedOne(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.join('|')}`;
}

/**
 * Maps a v0.4.1 event onto v0.5 where the mapping is exact: `version` →
 * `specversion`, `subject.type` dropped once checked, content renames (url →
 * uri), type suffix to the v0.5 one. Never mutates the input. The result is
 * then validated as any v0.5 event.
 */
export function normalizeLegacy(input: Json, definition: EventDefinition): LegacyNormalization {
  const issues: ValidationIssue[] = [];
  const pathRenames = new Map<string, string>();
  const data = { ...(input.data as Json) };
  const { version, ...context } = data.context as Json;

  if (typeof version !== 'string' || !/^0\.4\.\d+$/.test(version)) {
    issues.push(validationIssue('data.context.version', '0.4.x', renderValue(version)));
  }
  context.specversion = CDEVENTS_SPEC_VERSION;

  // Type: the legacy name maps to the v0.5 one; anything else in a v0.4 document is not a clean mapping.
  const event: Json = { ...input, data };
  for (const [holder, key, path] of [[event, 'type', 'type'], [context, 'type', 'data.context.type']] as const) {
    const value = holder[key];
    if (typeof value === 'string' && definition.legacyTypes.includes(value)) holder[key] = definition.type;
    else issues.push(validationIssue(path, `${expectedOne(definition.legacyTypes)} (type for CDEvents v0.4.x)`, renderValue(value)));
  }
  data.context = context;
  // The schema named by a v0.4 dataschema no longer describes the normalized document.
  delete event.dataschema;

  if (isRecord(data.subject)) {
    const { type: subjectType, ...subject } = data.subject;
    if (subjectType !== definition.legacySubjectType) {
      issues.push(validationIssue('data.subject.type', expectedOne([definition.legacySubjectType ?? '(none)']), renderValue(subjectType)));
    }
    if (isRecord(subject.content)) subject.content = renameContent(subject.content, definition, issues, pathRenames);
    data.subject = subject;
  }
  return { event, issues, pathRenames };
}

function renameContent(content: Json, definition: EventDefinition, issues: ValidationIssue[], pathRenames: Map<string, string>): Json {
  const renamed = { ...content };
  for (const [from, to] of Object.entries(definition.legacyContentRenames ?? {})) {
    pathRenames.set(`data.subject.content.${to}`, `data.subject.content.${from}`);
    if (to in renamed) {
      issues.push(validationIssue(`data.subject.content.${to}`, `no such property (v0.4.x uses ${from})`, renderValue(renamed[to])));
      delete renamed[to];
    }
    if (from in renamed) {
      renamed[to] = renamed[from];
      delete renamed[from];
    }
  }
  return renamed;
}
