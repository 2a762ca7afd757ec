import { type ValidationIssue } from './validation-issue';

/** Thrown when an event (or the bytes claiming to be one) does not satisfy its contract. */
export class EventValidationError extends Error {
  readonly code = 'EVENT_INVALID';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], options?: ErrorOptions) {
    super(`Invalid event: ${issues.map((i) => i.message).join('; ')}`, options);
    this.name = 'EventValidationError';
    this.issues = issues;
  }
}
