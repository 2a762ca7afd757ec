import type { z } from 'zod';
import { OsvRecordError, type OsvIssue } from '../osv.error';
import { osvRecordSchema, type OsvRecord } from './osv-record.schema';

/** Reads one advisory's JSON text. Throws OsvRecordError naming `file` and every bad field. */
export function parseOsvRecord(text: string, file: string): OsvRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OsvRecordError('OSV_JSON_INVALID', file, [{ path: '', message: jsonSyntaxMessage(text, error) }]);
  }
  return validateOsvRecord(json, file);
}

/** Validates an already-parsed value (e.g. a request body). Throws OsvRecordError. */
export function validateOsvRecord(json: unknown, file: string): OsvRecord {
  const result = osvRecordSchema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  throw new OsvRecordError('OSV_RECORD_INVALID', file, result.error.issues.map(toIssue));
}

/** `affected[0].ranges[1].events[2]`, as a person would type it into jq. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function toIssue(issue: z.core.$ZodIssue): OsvIssue {
  const path = pathOf(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}, got ${describe(issue.input)}` };
    case 'invalid_value':
      return { path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(issue.input)}` };
    case 'unrecognized_keys':
      return { path, message: `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
    case 'invalid_format':
    case 'too_small':
      return { path, message: `${issue.message}, got ${describe(issue.input)}` };
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
    case 'too_big':
      return { path, message: issue.message };
  }
}

/** JSON.parse says "at position N"; people want line and column. */
function jsonSyntaxMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const reason = message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '');
  const atEnd = /end of JSON input/.test(message);
  if (position === null && !atEnd) return `not valid JSON: ${reason}`;
  const offset = position === null ? text.length : Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `not valid JSON at line ${line}, column ${column}: ${reason}`;
}
