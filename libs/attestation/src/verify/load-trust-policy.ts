import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { toValidationIssues } from '@tollgate/events';
import { trustPolicySchema, type TrustPolicy } from './trust-policy.schema';

export class TrustPolicyError extends Error {
  override readonly name = 'TrustPolicyError';
  readonly code = 'POLICY_INVALID';
}

/** Parses a trust policy (YAML or JSON); every problem is named by its path. */
export function parseTrustPolicy(text: string, origin = 'trust policy'): TrustPolicy {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new TrustPolicyError(`${origin}: not valid YAML: ${(error as Error).message}`);
  }
  const result = trustPolicySchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    throw new TrustPolicyError(`${origin} is invalid:\n${toValidationIssues(result.error.issues).map((i) => `  ${i.message}`).join('\n')}`);
  }
  return result.data;
}

export async function loadTrustPolicyFile(path: string): Promise<TrustPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TrustPolicyError(`cannot read trust policy ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseTrustPolicy(text, path);
}
