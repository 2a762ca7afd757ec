import { z } from 'zod';
import { formatPath, renderValue, toValidationIssues } from './validation-issue';

function issuesFor(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? [] : toValidationIssues(result.error.issues).map(({ path, expected, got }) => ({ path, expected, got }));
}

describe(formatPath.name, () => {
  it('joins keys with dots and puts array indices in brackets', () => {
    expect(formatPath(['data', 'context', 'links', 0, 'from', 'contextId'])).toBe('data.context.links[0].from.contextId');
  });

  it('quotes keys that are not identifiers and names the root', () => {
    expect(formatPath(['data', 'a b'])).toBe('data["a b"]');
    expect(formatPath([])).toBe('(root)');
  });
});

describe(renderValue.name, () => {
  it('renders scalars verbatim and containers by type, never longer than 40 characters', () => {
    expect(renderValue('short')).toBe('"short"');
    expect(renderValue(12)).toBe('12');
    expect(renderValue({ a: 1 })).toBe('object');
    expect(renderValue(undefined)).toBe('missing');
    expect(renderValue('y'.repeat(1000))).toHaveLength(40);
  });
});

describe(toValidationIssues.name, () => {
  it('phrases bounds and types for people', () => {
    const schema = z.strictObject({
      name: z.string().min(1),
      count: z.number().int().nonnegative(),
      ratio: z.number(),
      tags: z.array(z.string()).max(1),
    });
    expect(issuesFor(schema, { name: '', count: -1, ratio: null, tags: ['a', 'b'] })).toEqual([
      { path: 'name', expected: 'non-empty string', got: 'empty string' },
      { path: 'count', expected: 'number >= 0', got: '-1' },
      { path: 'ratio', expected: 'number', got: 'null' },
      { path: 'tags', expected: 'at most 1 item', got: '2 items' },
    ]);
    expect(issuesFor(schema, { name: 'x', count: 1.5, ratio: 1, tags: [] })).toEqual([{ path: 'count', expected: 'integer', got: 'number' }]);
  });

  it('reports one issue per unknown property', () => {
    expect(issuesFor(z.strictObject({}), { a: 1, b: [] })).toEqual([
      { path: 'a', expected: 'no such property', got: 'number' },
      { path: 'b', expected: 'no such property', got: 'array' },
    ]);
  });

  it('names the alternatives of a union', () => {
    expect(issuesFor(z.union([z.record(z.string(), z.unknown()), z.string()]), 3)).toEqual([
      { path: '(root)', expected: 'object or string', got: 'number' },
    ]);
  });
});
