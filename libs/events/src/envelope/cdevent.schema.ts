import { z } from 'zod';
import { absoluteUri, nonEmptyString, regexString, rfc3339, uriReference } from '../schema/formats.schema';

/** The CDEvents spec version Tollgate emits; v0.5 documents carry `context.specversion`. */
export const CDEVENTS_SPEC_VERSION = '0.5.1';

const contextRef = z.strictObject({ contextId: nonEmptyString() });
const tags = z.record(z.string(), z.unknown());

// Embedded links (camelCase, as in the CDEvents schema, not the prose).
const linkSchema = z.discriminatedUnion('linkType', [
  z.strictObject({ linkType: z.literal('PATH'), from: contextRef, tags: tags.optional() }),
  z.strictObject({ linkType: z.literal('RELATION'), linkKind: nonEmptyString(), target: contextRef, tags: tags.optional() }),
  z.strictObject({ linkType: z.literal('END'), from: contextRef, tags: tags.optional() }),
]);

export function cdeventContextSchema(type: z.ZodType<string>) {
  return z.strictObject({
    specversion: regexString(/^0\.5\.\d+$/, '0.5.x').describe('CDEvents spec version'),
    id: nonEmptyString().describe('unique within source; equals the CloudEvent id'),
    source: uriReference().describe('producer; equals the CloudEvent source'),
    type: type.describe('CDEvents type; equals the CloudEvent type'),
    timestamp: rfc3339().describe('time of occurrence; never changes on redelivery'),
    chainId: nonEmptyString().optional().describe('links the events of one chain'),
    links: z.array(linkSchema).optional().describe('PATH, RELATION or END links to other events'),
    schemaUri: absoluteUri().optional().describe('stricter schema for this event'),
  });
}

export function cdeventSchema<C extends z.ZodType>(type: z.ZodType<string>, content: C) {
  return z.strictObject({
    context: cdeventContextSchema(type).describe('CDEvent context'),
    subject: z.strictObject({
      id: nonEmptyString().describe('stable id of the subject; equals the CloudEvent subject'),
      source: uriReference().optional().describe('only when it differs from context.source'),
      content,
    }).describe('what the event is about'),
    customData: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .optional()
      .describe('producer-specific data: an object, or a base64 string'),
    customDataContentType: nonEmptyString().optional().describe('media type of customData (default application/json)'),
  });
}

export type CDEventContext = z.output<ReturnType<typeof cdeventContextSchema>>;

/** The CDEvent document carried as CloudEvent `data`, normalized to v0.5. */
export interface CDEventDocument<C = Record<string, unknown>> {
  context: CDEventContext;
  subject: { id: string; source?: string; content: C };
  customData?: Record<string, unknown> | string;
  customDataContentType?: string;
}
