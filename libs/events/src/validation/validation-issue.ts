import { type z } from 'zod';

/** One reason an event was rejected, phrased for the person who sent it. */
export interface ValidationIssue {
  /** Dotted path into the event, array indices as `[0]`; `(root)` or `(body)` for the whole input. */
  path: string;
  /** What the field must be, e.g. `string`, `one of success|failure|cancel|error`, `sha256:<64 hex>`. */
  expected: string;
  /** The JSON type, or a short (≤ 40 chars) rendering of the received value. */
  got: string;
  /** `<path>: expected <expected>, got <got>`. */
  message: string;
}

type ZodIssue = z.core.$ZodIssue;
type Primitive = z.core.util.Primitive;

// Received values are echoed back to the sender and into logs, so never more
// than this many characters of one.
const MAX_GOT = 40;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function validationIssue(path: string, expected: string, got: string): ValidationIssue {
  return { path, expected, got, message: `${path}: expected ${expected}, got ${got}` };
}

function truncate(s: string): string {
  return s.length <= MAX_GOT ? s : `${s.slice(0, MAX_GOT - 1)}…`;
}

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += IDENTIFIER.test(key) && key.length <= MAX_GOT ? `${out ? '.' : ''}${key}` : `[${truncate(JSON.stringify(key))}]`;
    }
  }
  return out || '(root)';
}

/** The JSON type of a value; `missing` when the property is absent. */
export function jsonType(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A short rendering of a received value: scalars verbatim (truncated), containers by type. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return truncate(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean') return truncate(String(value));
  return jsonType(value);
}

function expectedValues(values: readonly Primitive[]): string {
  if (values.length === 1) return typeof values[0] === 'string' ? JSON.stringify(values[0]) : String(values[0]);
  return `one of ${values.map((v) => String(v)).join('|')}`;
}

const count = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

function sizeOf(input: unknown): string {
  if (typeof input === 'string') return input.length === 0 ? 'empty string' : `string of ${count(input.length, 'char')}`;
  if (Array.isArray(input)) return count(input.length, 'item');
  return renderValue(input);
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, limit: number | bigint, side: 'least' | 'most'): string {
  const n = Number(limit);
  if (issue.origin === 'string') {
    if (side === 'least' && n === 1 && !issue.exact) return 'non-empty string';
    return `${issue.exact ? 'exactly' : `at ${side}`} ${count(n, 'char')}`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') return `${issue.exact ? 'exactly' : `at ${side}`} ${count(n, 'item')}`;
  const op = side === 'least' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${issue.origin} ${op} ${n}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// zod's names for int and record are not JSON types; the sender speaks JSON.
function typeName(expected: string): string {
  if (expected === 'int') return 'integer';
  return expected === 'record' ? 'object' : expected;
}

function unionExpected(branches: readonly (readonly ZodIssue[])[]): string {
  const tops = branches.map((issues) => issues.find((i) => i.path.length === 0 && i.code === 'invalid_type'));
  const names = tops.map((i) => (i?.code === 'invalid_type' ? typeName(i.expected) : undefined));
  return names.every((n) => n !== undefined) ? names.join(' or ') : 'one of the allowed shapes';
}

function convert(issue: ZodIssue, path: readonly PropertyKey[]): ValidationIssue[] {
  const at = formatPath(path);
  switch (issue.code) {
    case 'invalid_type':
      return [validationIssue(at, typeName(issue.expected), jsonType(issue.input))];
    case 'invalid_value':
      return [validationIssue(at, expectedValues(issue.values), renderValue(issue.input))];
    // Our formats and refinements put their human label in the message (see formats.schema.ts).
    case 'invalid_format':
    case 'custom':
      return [validationIssue(at, issue.message, renderValue(issue.input))];
    case 'too_small':
      return [validationIssue(at, bound(issue, issue.minimum, 'least'), sizeOf(issue.input))];
    case 'too_big':
      return [validationIssue(at, bound(issue, issue.maximum, 'most'), sizeOf(issue.input))];
    case 'not_multiple_of':
      return [validationIssue(at, `multiple of ${issue.divisor}`, renderValue(issue.input))];
    case 'unrecognized_keys': {
      const input = isRecord(issue.input) ? issue.input : {};
      return issue.keys.map((key) => validationIssue(formatPath([...path, key]), 'no such property', jsonType(input[key])));
    }
    case 'invalid_union':
      if (issue.inclusive === false) return [validationIssue(at, 'exactly one of the allowed shapes', jsonType(issue.input))];
      if (issue.discriminator !== undefined) {
        const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        return [validationIssue(at, expectedValues(issue.options ?? []), renderValue(value))];
      }
      return [validationIssue(at, unionExpected(issue.errors), jsonType(issue.input))];
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((inner) => convert(inner, [...path, ...inner.path]));
  }
}

/** Converts zod issues to ValidationIssues; `prefix` is prepended when the schema validated a sub-document. */
export function toValidationIssues(issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.flatMap((issue) => convert(issue, [...prefix, ...issue.path]));
}
