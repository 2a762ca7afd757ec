import { z } from 'zod';
import { absoluteUri, nonEmptyString, rfc3339, sha256Digest, uriReference } from '../schema/formats.schema';
import { type CDEventDocument, cdeventSchema } from './cdevent.schema';
import { traceparentSchema } from './extension-attributes';

const attributeShape = {
  specversion: z.literal('1.0').describe('CloudEvents spec version'),
  id: nonEmptyString().describe('equals data.context.id; also the JetStream Nats-Msg-Id'),
  source: uriReference().describe('equals data.context.source'),
  type: nonEmptyString().describe('equals data.context.type'),
  subject: nonEmptyString().describe('equals data.subject.id'),
  time: rfc3339().describe('equals data.context.timestamp (time of occurrence, not send time)'),
  datacontenttype: z.literal('application/json').default('application/json').describe('media type of data'),
  dataschema: absoluteUri().optional().describe('schema of data'),
  pipelinerunid: nonEmptyString().max(256).describe('Tollgate extension: the CI pipeline run this event belongs to'),
  artifactdigest: sha256Digest().optional().describe('Tollgate extension: artifact digest, once known'),
  traceparent: traceparentSchema().optional().describe('Tollgate extension: W3C trace context of the build trace'),
};

/** The CloudEvent attributes alone; the catalogue documents the envelope from it. */
export const cloudEventAttributesSchema = z.strictObject(attributeShape);

export type CloudEventAttributes = z.output<typeof cloudEventAttributesSchema>;

/** A validated, normalized Tollgate event: CloudEvents 1.0 structured JSON carrying a CDEvents v0.5 document. */
export type TollgateEvent<C = Record<string, unknown>> = CloudEventAttributes & { data: CDEventDocument<C> };

interface Correlated {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: { context: { id: string; source: string; type: string; timestamp: string }; subject: { id: string } };
}

// The CE attributes are derived from the CDEvent; a mismatch means one side was
// edited without the other, so the event is rejected rather than guessed at.
function checkAttributesMatchContext(event: Correlated, ctx: z.RefinementCtx): void {
  const { context, subject } = event.data;
  const pairs = [
    ['id', event.id, context.id, 'data.context.id'],
    ['source', event.source, context.source, 'data.context.source'],
    ['type', event.type, context.type, 'data.context.type'],
    ['subject', event.subject, subject.id, 'data.subject.id'],
  ] as const;
  for (const [attr, value, expected, where] of pairs) {
    if (value !== expected) ctx.addIssue({ code: 'custom', path: [attr], message: `same as ${where}`, input: value });
  }
  if (Date.parse(event.time) !== Date.parse(context.timestamp)) {
    ctx.addIssue({ code: 'custom', path: ['time'], message: 'same instant as data.context.timestamp', input: event.time });
  }
}

export function cloudEventSchema<C extends z.ZodType>(type: z.ZodType<string>, content: C) {
  return z
    .strictObject({ ...attributeShape, type, data: cdeventSchema(type, content) })
    .superRefine(checkAttributesMatchContext);
}
