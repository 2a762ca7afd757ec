import { isRecord } from './tf-model';

/** One statement of an IAM policy document, normalised (strings become one-element lists). */
export interface PolicyStatement {
  readonly index: number;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Principal is `"*"` or `{ AWS: "*" }`: anyone, including anonymous callers. */
  readonly anyPrincipal: boolean;
  readonly hasCondition: boolean;
}

/**
 * Statements of a policy given as a JSON string (heredoc, file contents, a plan's value) or as
 * the object `jsonencode({…})` was called with. Undefined when it is an expression we cannot read.
 */
export function policyStatements(policy: unknown): PolicyStatement[] | undefined {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(document)) return undefined;
  const raw = document['Statement'];
  const statements = Array.isArray(raw) ? raw : [raw];
  return statements.filter(isRecord).map((s, index) => ({
    index,
    effect: typeof s['Effect'] === 'string' ? s['Effect'] : '',
    actions: list(s['Action']),
    resources: list(s['Resource']),
    anyPrincipal: isAnyone(s['Principal']),
    hasCondition: isRecord(s['Condition']) && Object.keys(s['Condition']).length > 0,
  }));
}

export function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  return isRecord(principal) && list(principal['AWS']).includes('*');
}
