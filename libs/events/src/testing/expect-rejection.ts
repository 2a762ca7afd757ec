// Spec helper (not exported): the issues an operation rejected its input with.
import { EventValidationError } from '../validation/event-validation.error';

export interface IssueSummary {
  path: string;
  expected: string;
  got: string;
}

export function rejectionOf(operation: () => unknown): EventValidationError {
  try {
    operation();
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error('expected an EventValidationError, but the input was accepted');
}

export function issuesOf(operation: () => unknown): IssueSummary[] {
  return rejectionOf(operation).issues.map(({ path, expected, got }) => ({ path, expected, got }));
}
