import { readFile } from 'node:fs/promises';
import type { SupportPolicy } from './support-policy';

/**
 * Reads and validates a support-policy file. The parser (YAML, zod) is loaded
 * here, on first use, so building an SBOM without a policy never loads it.
 */
export async function loadSupportPolicyFile(path: string): Promise<SupportPolicy> {
  const { parseSupportPolicy } = await import('./support-policy');
  return parseSupportPolicy(await readFile(path, 'utf8'), path);
}
