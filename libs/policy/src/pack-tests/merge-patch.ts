/**
 * RFC 7386 JSON Merge Patch: objects merge key by key, `null` removes a key, anything else
 * (arrays included) replaces. Lets a pack's tests share one base evidence file.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Whether the patch sets (or removes) the value at `path`. */
export function patchTouches(patch: unknown, path: readonly PropertyKey[]): boolean {
  let node = patch;
  for (const segment of path) {
    if (!isObject(node) || !(String(segment) in node)) return false;
    node = node[String(segment)];
    if (!isObject(node)) return true;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
