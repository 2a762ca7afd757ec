import { parse, TomlError } from 'smol-toml';
import { SbomInputError } from '../../model/inventory';

export type TomlTable = Record<string, unknown>;

/** A TOML lockfile's top-level table; a syntax error (truncation included) names its line and column. */
export function parseTomlFile(text: string, path: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    if (error instanceof TomlError) throw new SbomInputError(path, `invalid TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`, { line: error.line, column: error.column });
    throw error;
  }
}

/** 1-based line of each `[[name]]` header, in order: the nth entry of an array of tables starts on the nth line. */
export function arrayTableLines(text: string, name: string): number[] {
  const header = new RegExp(`^\\s*\\[\\[\\s*${name.replace(/[.]/g, '\\.')}\\s*\\]\\]`);
  return text.split('\n').flatMap((line, index) => (header.test(line) ? [index + 1] : []));
}

/** The array of tables under `key`, each with its header line, so that a bad entry can be named by line. */
export function tablesOf(document: TomlTable, key: string, text: string, path: string): { table: TomlTable; line: number }[] {
  const value = document[key] ?? [];
  if (!Array.isArray(value) || !value.every(isTable)) throw new SbomInputError(path, `"${key}" is not an array of tables`);
  const lines = arrayTableLines(text, key);
  return value.map((table, index) => ({ table, line: lines[index] ?? 1 }));
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A string field the format requires; its absence means a malformed or hand-edited entry. */
export function requiredString(table: TomlTable, key: string, path: string, line: number, what: string): string {
  const value = table[key];
  if (typeof value !== 'string' || value === '') throw new SbomInputError(path, `${what} has no "${key}"`, { line });
  return value;
}

/** `sha256:<hex>` (pip, poetry, uv) as a SHA-256 hash, or undefined for other algorithms and forms. */
export function sha256Of(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^sha256:([0-9a-fA-F]{64})$/.exec(value) : null;
  return match ? match[1].toLowerCase() : undefined;
}
