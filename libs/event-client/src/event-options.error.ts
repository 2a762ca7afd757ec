/**
 * The options cannot be turned into an event (unknown key, content that is not
 * a JSON object, an unreadable content file). Nothing was sent.
 */
export class EventOptionsError extends Error {
  readonly code = 'EVENT_OPTIONS_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventOptionsError';
  }
}
