/** The outbox already holds an event with this id (ids must be unique). */
export class DuplicateOutboxEventError extends Error {
  override readonly name = 'DuplicateOutboxEventError';
  readonly code = 'OUTBOX_DUPLICATE_EVENT';

  constructor(readonly eventId: string, options?: { cause?: unknown }) {
    super(`outbox already holds event ${eventId}`, options);
  }
}

/** Topology declared in code could not be created or updated on the server. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  readonly code = 'JETSTREAM_TOPOLOGY';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
