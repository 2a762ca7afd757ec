import { randomUUID } from 'node:crypto';
import { type ContentOf, type EventKey, getEventDefinition } from '../definitions/event-registry';
import { CDEVENTS_SPEC_VERSION } from '../envelope/cdevent.schema';
import { type TollgateEvent } from '../envelope/cloud-event.schema';
import { parseEvent } from '../parse/parse-event';
import { EventValidationError } from '../validation/event-validation.error';
import { renderValue, validationIssue } from '../validation/validation-issue';

export interface BuildEventInput<K extends EventKey> {
  /** Producer, a URI-reference such as `/tollgate/credential-broker`. */
  source: string;
  /** CDEvent subject.id (and CE subject): a stable id, a purl for artifacts. */
  subjectId: string;
  content: ContentOf<K>;
  pipelineRunId: string;
  artifactDigest?: string;
  traceparent?: string;
  /** Defaults to a random UUID. Reuse the same id when re-emitting the same occurrence. */
  id?: string;
  /** Time of occurrence; defaults to now. */
  time?: Date | string;
  subjectSource?: string;
  chainId?: string;
  /** CDEvents `customData` (JSON): producer-specific detail, e.g. the Jenkins build number and SCM. */
  customData?: Record<string, unknown>;
}

function occurrenceTime(time: Date | string | undefined): string {
  if (time === undefined) return new Date().toISOString();
  if (typeof time === 'string') return time;
  if (Number.isNaN(time.getTime())) throw new EventValidationError([validationIssue('time', 'valid Date', 'Invalid Date')]);
  return time.toISOString();
}

/** Builds a CloudEvent carrying a CDEvents v0.5 document for `key`, and validates it before returning it. */
export function buildEvent<K extends EventKey>(key: K, input: BuildEventInput<K>): TollgateEvent<ContentOf<K>> {
  const definition = getEventDefinition(key);
  if (definition?.key !== key) {
    throw new EventValidationError([validationIssue('key', 'an EventKey (see docs/events.md)', renderValue(key))]);
  }
  const id = input.id ?? randomUUID();
  const time = occurrenceTime(input.time);
  const event = {
    specversion: '1.0',
    id,
    source: input.source,
    type: definition.type,
    subject: input.subjectId,
    time,
    datacontenttype: 'application/json',
    pipelinerunid: input.pipelineRunId,
    ...(input.artifactDigest !== undefined && { artifactdigest: input.artifactDigest }),
    ...(input.traceparent !== undefined && { traceparent: input.traceparent }),
    data: {
      context: {
        specversion: CDEVENTS_SPEC_VERSION,
        id,
        source: input.source,
        type: definition.type,
        timestamp: time,
        ...(input.chainId !== undefined && { chainId: input.chainId }),
      },
      subject: {
        id: input.subjectId,
        ...(input.subjectSource !== undefined && { source: input.subjectSource }),
        content: input.content,
      },
      ...(input.customData !== undefined && { customData: input.customData, customDataContentType: 'application/json' }),
    },
  };
  return parseEvent(event) as TollgateEvent<ContentOf<K>>;
}
