import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SbomInputError } from '../../model/inventory';

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse (fast: lockfiles run to tens of megabytes), and on failure jsonc-parser in strict mode
 * to place the error, because V8's messages often carry no position ("Unexpected token 'x', … is not valid JSON").
 */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const [first] = errors;
    // V8 says so, or the first error is at the very end (`Expected ',' or '}'` after a cut between entries).
    const truncated = /Unexpected end of JSON input|Unterminated string/.test(message) || (first !== undefined && first.offset >= text.trimEnd().length);
    const reason = truncated ? 'truncated: the JSON ends before the document does' : `invalid JSON: ${first ? printParseErrorCode(first.error) : message}`;
    throw new SbomInputError(path, reason, positionOf(text, first?.offset ?? text.length));
  }
}

