import { type TollgateEvent } from '../envelope/cloud-event.schema';
import { type ContentOf, type EventKey, getEventDefinition } from './event-registry';

/**
 * Narrows a parsed event to the content type of `key`. Sound because parseEvent
 * validated the content against that key's schema; legacy types were already
 * normalized, so only the v0.5 type is compared.
 */
export function isEventOf<K extends EventKey>(event: TollgateEvent, key: K): event is TollgateEvent<ContentOf<K>> {
  return getEventDefinition(key)?.type === event.type;
}
