import canonicalize from 'canonicalize';

const INTEGER_KEY = /^(0|[1-9]\d*)$/;

/** The value with every object's keys in UTF-16 code-unit order (what RFC 8785 sorts by). */
function keysSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysSorted);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = keysSorted(v);
  }
  return out;
}

function hasIntegerKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIntegerKeys);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, v] of Object.entries(value)) if (INTEGER_KEY.test(key) || hasIntegerKeys(v)) return true;
  return false;
}

/**
 * RFC 8785 canonical JSON. For key-sorted plain data, JSON.stringify already writes
 * numbers and strings exactly as JCS requires (ECMAScript's own forms), and does it
 * natively, several times faster than a JavaScript serializer. The one thing it would
 * reorder is an integer-like key (objects enumerate those first, numerically): such
 * values go through `canonicalize`.
 */
export function canonicalJson(value: unknown): string | undefined {
  if (hasIntegerKeys(value)) return canonicalize(value);
  return JSON.stringify(keysSorted(value));
}
