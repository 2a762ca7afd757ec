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

/** JSON.parse with the error placed at a line and column of the file (V8 gives only an offset). */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    // An error at the very end means the text stops mid-document: a cut file, not a typo.
    const atEnd = /Unexpected end of JSON input/.test(message) || offset >= text.trimEnd().length;
    const reason = atEnd ? 'truncated: the JSON ends before the document does' : `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
    throw new SbomInputError(path, reason, positionOf(text, offset));
  }
}
