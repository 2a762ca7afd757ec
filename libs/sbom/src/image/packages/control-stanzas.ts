import { SbomInputError } from '../../model/inventory';

/** One `Field: value` paragraph of a Debian control file, with the 1-based line it starts on. */
export interface Stanza {
  line: number;
  fields: Map<string, string>;
}

const FIELD = /^([!-9;-~][!-9;-~]*):[ \t]*(.*)$/;

/**
 * Splits deb822 text (dpkg's status file) into paragraphs. Continuation lines (leading space or tab) are joined
 * to the field above; a line that is neither is malformed and reported with its line number.
 */
export function parseControlStanzas(text: string, file: string, requireFinalNewline = true): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      return;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current === undefined || lastField === undefined) throw new SbomInputError(file, 'continuation line outside a field', { line: i + 1, column: 1 });
      current.fields.set(lastField, `${current.fields.get(lastField) ?? ''}\n${line.trim()}`);
      return;
    }
    const match = FIELD.exec(line);
    if (match === null) throw new SbomInputError(file, `expected "Field: value", found "${line.slice(0, 40)}"`, { line: i + 1, column: 1 });
    if (current === undefined) {
      current = { line: i + 1, fields: new Map() };
      stanzas.push(current);
    }
    lastField = match[1];
    current.fields.set(lastField, match[2]);
  });
  if (requireFinalNewline && text.length > 0 && !text.endsWith('\n')) {
    // dpkg always ends the file with a newline; without one the file was cut mid-line.
    throw new SbomInputError(file, 'ends without a newline (truncated)', { line: lines.length, column: lines[lines.length - 1].length + 1 });
  }
  return stanzas;
}
