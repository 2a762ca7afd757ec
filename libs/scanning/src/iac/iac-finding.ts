import { createHash } from 'node:crypto';
import { type Finding, type FindingLocation } from '../findings/finding';
import { type IacRule } from './iac-rule';

export const IAC_SCANNER = 'tollgate-iac';

export interface IacFindingInput {
  readonly rule: IacRule;
  readonly location: FindingLocation;
  /**
   * What the finding is about, independent of line numbers (`aws_s3_bucket.logs`,
   * `Deployment/prod/api/containers/web`), so the fingerprint survives unrelated edits.
   */
  readonly address: string;
  /** One line naming the resource; never a secret value. */
  readonly message: string;
  /** A concrete change naming the resource and attribute. */
  readonly fix: string;
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

export function iacFingerprint(ruleId: string, path: string, address: string): string {
  return createHash('sha256').update(`${ruleId}\n${path}\n${address}`).digest('hex');
}

export function iacFinding(input: IacFindingInput): Finding {
  const { rule, location, address } = input;
  return {
    ruleId: rule.id,
    scanner: IAC_SCANNER,
    kind: 'iac',
    severity: rule.severity,
    message: input.message,
    location,
    fix: input.fix,
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    fingerprint: iacFingerprint(rule.id, location.path, address),
    properties: { resource: address, ...input.properties },
  };
}
