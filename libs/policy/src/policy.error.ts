/** One thing wrong in a policy pack (or a file it points at), where it is and why. */
export interface PolicyIssue {
  /** The file the position is in: the pack, or a test's evidence file. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Field path in the document, e.g. `rules[2].when`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export type PolicyPackErrorCode =
  | 'PACK_UNREADABLE'
  | 'PACK_YAML_INVALID'
  | 'PACK_SCHEMA_INVALID'
  | 'PACK_CEL_INVALID'
  | 'PACK_TEST_EVIDENCE_INVALID';

/**
 * A pack that cannot be used. Nothing of it is returned, so a caller that keeps the
 * previous pack on this error keeps a consistent policy.
 */
export class PolicyPackError extends Error {
  override readonly name = 'PolicyPackError';

  constructor(
    readonly code: PolicyPackErrorCode,
    readonly file: string,
    readonly issues: readonly PolicyIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map(formatPolicyIssue).join('\n') || `${file}: invalid policy pack`, options);
  }
}

/** `file:line:column: path: message`, the form editors and CI logs link from. */
export function formatPolicyIssue(issue: PolicyIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** A field path as people write it: `rules[2].when`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export type PolicyInputErrorCode = 'EVIDENCE_INVALID' | 'WAIVER_INVALID';

/** Evidence or waivers that do not match their schema: every issue, by field path. */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError';

  constructor(
    readonly code: PolicyInputErrorCode,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`${code === 'EVIDENCE_INVALID' ? 'evidence' : 'waiver'} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}
