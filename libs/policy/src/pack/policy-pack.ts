import type { CompiledExpression } from '../cel/compile-expression';
import type { PolicySeverity, ScanKind } from '../evidence/gate-evidence.schema';
import type { LicenseEvaluator, LicensePolicy } from '../licenses/license-policy';
import type { MessageTemplate } from './message-template';

/** What every decision records: the pack by name, version and the sha256 of its bytes. */
export interface PolicyPin {
  readonly name: string;
  readonly version: string;
  /** `sha256:<hex>` of the pack file's bytes. */
  readonly digest: string;
}

export interface ScanRequirement {
  readonly scanner?: string;
  readonly kind?: ScanKind;
}

export interface RequiredEvidence {
  readonly credentials: boolean;
  readonly sbom: boolean;
  readonly signature: boolean;
  readonly scans: readonly ScanRequirement[];
}

export interface CompiledRule {
  readonly id: string;
  readonly severity: PolicySeverity;
  readonly description: string;
  readonly blocking: boolean;
  readonly each?: CompiledExpression;
  readonly when?: CompiledExpression;
  readonly message: MessageTemplate;
  readonly remediation: MessageTemplate;
  /** Where the rule is in the pack, for error messages. */
  readonly line: number;
}

export interface PackTest {
  readonly name: string;
  /** Inline evidence (validated at load) or a file path relative to the pack (read when the tests run). */
  readonly evidence: { readonly inline: unknown } | { readonly file: string };
  readonly patch?: Readonly<Record<string, unknown>>;
  readonly waivers: readonly unknown[];
  readonly now?: string;
  readonly expect: {
    readonly verdict: 'pass' | 'fail';
    readonly failedRules?: readonly string[];
    readonly warnedRules?: readonly string[];
    readonly waivedRules?: readonly string[];
  };
  /** Where the test is in the pack. */
  readonly line: number;
  readonly column: number;
  /** Position in the pack of a field under this test (e.g. `['patch', 'findings', 0]`), for evidence errors. */
  readonly positionOf: (path: readonly PropertyKey[]) => { line: number; column: number };
}

/**
 * A loaded, compiled pack: immutable, no global state. Loading a new one never touches
 * the one in use, so a caller keeps the previous pack on a PolicyPackError.
 */
export interface PolicyPack {
  readonly pin: PolicyPin;
  readonly description: string;
  /** The file it was loaded from (as given), for messages and test evidence paths. */
  readonly file: string;
  readonly deadlineSeconds: number;
  readonly requiredEvidence: RequiredEvidence;
  readonly licenses: LicensePolicy;
  readonly licenseEvaluator: LicenseEvaluator;
  readonly rules: readonly CompiledRule[];
  readonly tests: readonly PackTest[];
}
