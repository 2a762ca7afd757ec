import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyPackError } from '../policy.error';
import { parsePolicyPack } from './parse-policy-pack';
import type { PolicyPack } from './policy-pack';

/** The pack shipped with Tollgate: blocks only on what the design promises is critical. */
export const DEFAULT_POLICY_PACK_FILE = join(__dirname, '..', '..', 'packs', 'tollgate-default.yaml');

/**
 * Reads and compiles a pack file; an unreadable file is a PolicyPackError like a malformed
 * one. The pin's digest is over the file's exact bytes (strict UTF-8, a BOM kept).
 */
export async function loadPolicyPack(file: string): Promise<PolicyPack> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  return parsePolicyPack(utf8(bytes, file), file);
}

let defaultPack: PolicyPack | undefined;

/** The default pack, compiled once per process (it is immutable, so sharing it is safe). */
export function defaultPolicyPack(): PolicyPack {
  if (!defaultPack) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(DEFAULT_POLICY_PACK_FILE);
    } catch (error) {
      throw unreadable(DEFAULT_POLICY_PACK_FILE, error);
    }
    defaultPack = parsePolicyPack(utf8(bytes, DEFAULT_POLICY_PACK_FILE), DEFAULT_POLICY_PACK_FILE);
  }
  return defaultPack;
}

/** Decoding that round-trips to the same bytes, so hashing the text hashes the file. */
function utf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new PolicyPackError('PACK_UNREADABLE', file, [{ file, line: 1, column: 1, path: '', message: 'the pack is not valid UTF-8' }], { cause: error });
  }
}

function unreadable(file: string, error: unknown): PolicyPackError {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  return new PolicyPackError('PACK_UNREADABLE', file, [{ file, line: 1, column: 1, path: '', message: `cannot read the pack: ${reason}` }], { cause: error });
}
