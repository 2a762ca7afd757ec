import type { z } from 'zod';
import type { IngestIssue } from '../ingest.error';

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key as string];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function render(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '') || '(root)';
}

/** zod issues → path / expected / got, for inputs that are not CloudEvents (e.g. Jenkins payloads). */
export function zodIssuesToIngestIssues(issues: readonly z.core.$ZodIssue[], input: unknown): IngestIssue[] {
  return issues.map((issue) => {
    const got = describe(valueAt(input, issue.path));
    const expected =
      issue.code === 'invalid_type'
        ? issue.expected
        : issue.code === 'invalid_value'
          ? `one of ${issue.values.map(String).join('|')}`
          : issue.code === 'invalid_format'
            ? issue.format
            : issue.message;
    return { path: render(issue.path), expected: String(expected), got, message: issue.message };
  });
}
