import type { ComponentHash } from '../../model/inventory';
import { hashesFromIntegrity } from '../common/sri-hash';
import { contentError } from './npm-lock-json';

/**
 * The hex hashes of an entry's SRI `integrity`. A malformed one means a cut or altered lockfile:
 * refuse it (naming the line) rather than record a wrong hash. `keys` locate the entry in the text.
 */
export function hashesOf(integrity: unknown, text: string, path: string, keys: string[]): ComponentHash[] {
  if (integrity === undefined) return [];
  const hashes = typeof integrity === 'string' ? hashesFromIntegrity(integrity) : undefined;
  if (!hashes) throw contentError(text, path, [...keys, 'integrity'], `${keys.at(-1) ?? ''}: malformed integrity ${JSON.stringify(integrity)}`);
  return hashes;
}
