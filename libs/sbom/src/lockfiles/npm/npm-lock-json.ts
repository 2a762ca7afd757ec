import { SbomInputError } from '../../model/inventory';
import { positionOf } from '../common/json-text';


/**
 * Where a value sits in the lockfile text, for error messages about well-formed JSON with wrong content:
 * each key of the chain is searched after the previous one (`["packages", "node_modules/x", "integrity"]`).
 * Only called on the error path; lockfiles are machine-written, so keys appear as `"key":`.
 */
export function lineOf(text: string, keys: string[]): { line: number; column: number } | undefined {
  let offset = 0;
  for (const key of keys) {
    const found = text.indexOf(`${JSON.stringify(key)}:`, offset);
    if (found === -1) return undefined;
    offset = found;
  }
  return positionOf(text, offset);
}

/** An SbomInputError placed at the key chain, when the text has it (the caller throws it). */
export function contentError(text: string, path: string, keys: string[], reason: string): SbomInputError {
  return new SbomInputError(path, reason, lineOf(text, keys));
}
