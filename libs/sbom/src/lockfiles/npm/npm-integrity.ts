import { SbomInputError, type ComponentHash } from '../../model/inventory';
import { hashesFromIntegrity } from '../common/sri-hash';

/** A malformed integrity means a cut or altered lockfile: refuse it rather than record a wrong hash. */
export function hashesOf(integrity: string | undefined, path: string, where: string): ComponentHash[] {
  if (!integrity) return [];
  const hashes = hashesFromIntegrity(integrity);
  if (!hashes) throw new SbomInputError(path, `${where}: malformed integrity ${JSON.stringify(integrity.slice(0, 24))}…`);
  return hashes;
}
