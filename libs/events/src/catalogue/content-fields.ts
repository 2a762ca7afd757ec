import { z } from 'zod';

type JsonSchema = z.core.JSONSchema.JSONSchema;

/** One row of a catalogue field table. */
export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : undefined;
}

function bounds(schema: JsonSchema): string {
  const parts: string[] = [];
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  else if (typeof schema.minimum === 'number') parts.push(`>= ${schema.minimum}`);
  if (typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  // zod adds the safe-integer ceiling to every int; it says nothing to a reader.
  else if (typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER) parts.push(`<= ${schema.maximum}`);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

function stringLabel(schema: JsonSchema): string {
  const label = schema['x-format'];
  // Backticks: labels like `sha256:<64 hex>` would otherwise render as HTML tags.
  if (typeof label === 'string') return `string (\`${label}\`)`;
  if (schema.format === 'date-time') return 'string (RFC 3339 date-time)';
  const notes: string[] = [];
  if (schema.minLength === 1) notes.push('non-empty');
  else if (typeof schema.minLength === 'number') notes.push(`at least ${schema.minLength} chars`);
  if (typeof schema.maxLength === 'number') notes.push(`at most ${schema.maxLength} chars`);
  return notes.length ? `string (${notes.join(', ')})` : 'string';
}

/** A short human type for a JSON Schema node, e.g. `string (sha256:<64 hex>)`, ``one of `a`, `b` ``. */
export function typeLabel(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const labels = [...new Set(options.map(typeLabel))];
    return labels.join(' or ');
  }
  switch (schema.type) {
    case 'string':
      return stringLabel(schema);
    case 'integer':
    case 'number':
      return `${schema.type}${bounds(schema)}`;
    case 'array': {
      const items = asSchema(schema.items);
      const min = typeof schema.minItems === 'number' && schema.minItems > 0 ? ` (at least ${schema.minItems})` : '';
      return `array of ${items ? typeLabel(items) : 'any'}${min}`;
    }
    case 'object':
      return schema.properties ? 'object' : 'object (map)';
    case 'boolean':
    case 'null':
      return schema.type;
    case undefined:
    default:
      return 'any';
  }
}

function objectRows(schema: JsonSchema, prefix: string): FieldRow[] {
  const required = new Set(schema.required ?? []);
  const rows: FieldRow[] = [];
  for (const [name, value] of Object.entries(schema.properties ?? {})) {
    const property = asSchema(value);
    if (!property) continue;
    const path = `${prefix}${name}`;
    rows.push({ name: path, type: typeLabel(property), required: required.has(name), description: property.description ?? '' });
    if (property.type === 'object' && property.properties) rows.push(...objectRows(property, `${path}.`));
    const items = property.type === 'array' ? asSchema(property.items) : undefined;
    if (items?.type === 'object' && items.properties) rows.push(...objectRows(items, `${path}[].`));
  }
  return rows;
}

/** Field rows of an object schema, nested objects flattened as `parent.child`. */
export function fieldRows(schema: z.ZodType, prefix = ''): FieldRow[] {
  return objectRows(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema, prefix);
}
