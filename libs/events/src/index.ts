// Public API of the event contracts: schemas, types, and the wire codec. No I/O.
export { type TollgateEvent, type CloudEventAttributes } from './envelope/cloud-event.schema';
export { type CDEventDocument, type CDEventContext, CDEVENTS_SPEC_VERSION } from './envelope/cdevent.schema';
export { EXTENSION_ATTRIBUTES, type ExtensionAttribute, isValidTraceparent } from './envelope/extension-attributes';
export { type EventDefinition, type ContentSchema } from './definitions/event-definition';
export { type EventKey, type ContentOf, EVENT_DEFINITIONS, getEventDefinition } from './definitions/event-registry';
export { subjectOf } from './definitions/subject-of';
export { isEventOf } from './definitions/is-event-of';
export { buildEvent, type BuildEventInput } from './build/build-event';
export { parseEvent } from './parse/parse-event';
export { encodeEvent, decodeEvent } from './codec/event-codec';
export { EventValidationError } from './validation/event-validation.error';
// Shared so other boundaries (e.g. Jenkins payloads) report issues the same way events do.
export { type ValidationIssue, toValidationIssues } from './validation/validation-issue';
export {
  type StreamDefinition,
  EVENT_STREAMS,
  DEAD_LETTER_STREAM,
  deadLetterSubject,
  streamsForSubject,
} from './streams/event-streams';
export { renderEventCatalogue } from './catalogue/render-event-catalogue';
