import { z } from 'zod';
import { type EventDefinition } from '../definitions/event-definition';
import { definitionForType } from '../definitions/event-registry';
import { type TollgateEvent, cloudEventSchema } from '../envelope/cloud-event.schema';
import { nonEmptyString } from '../schema/formats.schema';
import { EventValidationError } from '../validation/event-validation.error';
import { type ValidationIssue, jsonType, renderValue, toValidationIssues, validationIssue } from '../validation/validation-issue';
import { isLegacyDocument, isRecord, normalizeLegacy } from './legacy-v04';

const schemas = new Map<EventDefinition, z.ZodType>();

function schemaFor(definition: EventDefinition): z.ZodType {
  let schema = schemas.get(definition);
  if (!schema) {
    schema = cloudEventSchema(z.literal(definition.type), definition.content);
    schemas.set(definition, schema);
  }
  return schema;
}

// Used only to list every problem of an event whose type attribute is missing or not a string.
const anyTypeSchema = cloudEventSchema(nonEmptyString(), z.record(z.string(), z.unknown()));

function renamePath(issue: ValidationIssue, renames: ReadonlyMap<string, string>): ValidationIssue {
  for (const [from, to] of renames) {
    if (issue.path === from || issue.path.startsWith(`${from}.`) || issue.path.startsWith(`${from}[`)) {
      return validationIssue(to + issue.path.slice(from.length), issue.expected, issue.got);
    }
  }
  return issue;
}

// v0.5 removed subject.type; say so precisely instead of a generic "no such property".
function withoutSubjectType(input: Record<string, unknown>, issues: ValidationIssue[]): Record<string, unknown> {
  const data = input.data;
  if (!isRecord(data) || !isRecord(data.subject) || !('type' in data.subject)) return input;
  const { type, ...subject } = data.subject;
  issues.push(validationIssue('data.subject.type', 'no such property (removed in CDEvents v0.5)', renderValue(type)));
  return { ...input, data: { ...data, subject } };
}

/**
 * Validates a structured CloudEvent (already JSON-parsed): envelope, CDEvent
 * document, CE/CDEvent consistency and the content schema of its type.
 * CDEvents v0.4.1 documents are normalized to v0.5. Throws EventValidationError
 * listing every problem; returns a new object and never mutates `input`.
 */
export function parseEvent(input: unknown): TollgateEvent {
  if (!isRecord(input)) {
    throw new EventValidationError([validationIssue('(root)', 'object (structured CloudEvent)', jsonType(input))]);
  }
  const type = input.type;
  if (typeof type === 'string' && definitionForType(type) === undefined) {
    throw new EventValidationError([validationIssue('type', 'a Tollgate event type (see docs/events.md)', renderValue(type))]);
  }
  const definition = typeof type === 'string' ? definitionForType(type) : undefined;
  const issues: ValidationIssue[] = [];
  let candidate: Record<string, unknown>;
  let renames: ReadonlyMap<string, string> = new Map();
  // Only standard CDEvents have a v0.4 form; a Tollgate event with context.version is simply invalid.
  if (definition && definition.legacyTypes.length > 0 && isLegacyDocument(input)) {
    const normalized = normalizeLegacy(input, definition);
    candidate = normalized.event;
    renames = normalized.pathRenames;
    issues.push(...normalized.issues);
  } else {
    candidate = withoutSubjectType(input, issues);
  }

  const schema = definition ? schemaFor(definition) : anyTypeSchema;
  // The hot path (a valid event) parses without reportInput; only a failure is parsed again to say what was received.
  const result = schema.safeParse(candidate);
  if (!result.success) {
    const reported = schema.safeParse(candidate, { reportInput: true });
    issues.push(...toValidationIssues((reported.success ? result : reported).error!.issues).map((i) => renamePath(i, renames)));
  }
  if (issues.length > 0 || !result.success) throw new EventValidationError(issues);
  // The schema for this type produces exactly this shape; zod cannot say so through the registry's erased types.
  return result.data as TollgateEvent;
}
