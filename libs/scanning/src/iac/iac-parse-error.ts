import { type Finding } from '../findings/finding';
import { iacFinding } from './iac-finding';
import { ruleCatalogue } from './iac-rule';

export type IacParseErrorCode = 'IAC_PARSE_ERROR';

/**
 * A file that looks like IaC could not be parsed. Raised by each format's parser with the
 * file and the position the parser reported; `scanIacFiles` turns it into a TG-PARSE-001
 * finding so one broken file neither aborts the scan of the others nor passes silently.
 */
export class IacParseError extends Error {
  override readonly name = 'IacParseError';
  readonly code: IacParseErrorCode = 'IAC_PARSE_ERROR';

  constructor(
    readonly path: string,
    readonly format: string,
    readonly line: number,
    readonly column: number | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}:${line}${column === undefined ? '' : `:${column}`}: cannot parse ${format}: ${reason}`, options);
  }
}

export const PARSE_RULES = ruleCatalogue({
  // High, not critical: a file that does not parse cannot be applied by terraform, kubectl or
  // docker either, so it cannot provision the bad thing by itself; but its content went
  // unchecked, so the finding is loud and the gate can treat it as missing evidence.
  PARSE_ERROR: {
    id: 'TG-PARSE-001',
    title: 'IaC file could not be parsed',
    severity: 'high',
    target: 'any',
    message: 'The file looks like infrastructure as code but could not be parsed, so none of its content was checked.',
    fix: 'Fix the syntax error at the reported position (run terraform validate, kubectl apply --dry-run=client or docker build).',
  },
});

export function parseErrorFinding(error: IacParseError): Finding {
  return iacFinding({
    rule: PARSE_RULES.PARSE_ERROR,
    location: { path: error.path, startLine: error.line, ...(error.column === undefined ? {} : { startColumn: error.column }) },
    // Line-dependent on purpose: one finding per broken spot (a YAML file can have several), and
    // nobody waives a syntax error, so stability across edits does not matter here.
    address: `parse:${error.format}:${error.line}:${error.column ?? 0}`,
    message: `${error.format} file ${error.path} cannot be parsed at line ${error.line}: ${error.reason}; none of it was scanned`,
    fix: `Fix the ${error.format} syntax at ${error.path}:${error.line}${error.column === undefined ? '' : `:${error.column}`} so the file can be scanned`,
    properties: { format: error.format, parseError: true },
  });
}
