import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { toValidationIssues } from '@tollgate/events';
import { brokerRolesFileSchema, type BrokerRolesFile } from './broker-roles.schema';

export class BrokerRolesError extends Error {
  override readonly name = 'BrokerRolesError';
}

/** Parses a roles document (YAML or JSON); every problem is named by its path. */
export function parseBrokerRoles(text: string, origin = 'roles file'): BrokerRolesFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new BrokerRolesError(`${origin}: not valid YAML: ${(error as Error).message}`);
  }
  const result = brokerRolesFileSchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    const lines = toValidationIssues(result.error.issues).map((i) => `  ${i.message}`);
    throw new BrokerRolesError(`${origin} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadBrokerRoles(path: string): BrokerRolesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BrokerRolesError(`cannot read roles file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseBrokerRoles(text, path);
}
