import { type TollgateEvent } from '../envelope/cloud-event.schema';
import { EventValidationError } from '../validation/event-validation.error';
import { renderValue, validationIssue } from '../validation/validation-issue';
import { getEventDefinition } from './event-registry';

/** NATS subject of an event (by event, key, or type), without any deployment prefix. */
export function subjectOf(eventOrType: TollgateEvent | string): string {
  const name = typeof eventOrType === 'string' ? eventOrType : eventOrType.type;
  const definition = getEventDefinition(name);
  if (!definition) throw new EventValidationError([validationIssue('type', 'a Tollgate event key or type', renderValue(name))]);
  return definition.subject;
}
