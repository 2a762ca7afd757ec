// Public API of the policy engine's evaluation core: evidence in, a pinned policy pack
// (YAML + CEL) applied with waivers, a deterministic decision out; the OCSF breach and
// the decision-log entries the app publishes and chains. No database and no bus here.

// --- evidence
export {
  FINDING_KINDS,
  SCAN_KINDS,
  SEVERITIES,
  gateEvidenceSchema,
  parseEvidence,
  type EvidenceFinding,
  type GateEvidence,
  type PolicySeverity,
  type SbomComponent,
  type ScanKind,
  type ScanRecord,
  type SignatureEvidence,
} from './evidence/gate-evidence.schema';
export { canonicalDigest, evidenceDigest } from './evidence/evidence-digest';
export { normalizeEvidence } from './evidence/normalize-evidence';

// --- policy packs
export { parsePolicyPack } from './pack/parse-policy-pack';
export { DEFAULT_POLICY_PACK_FILE, defaultPolicyPack, loadPolicyPack } from './pack/load-policy-pack';
export type { CompiledRule, PackTest, PolicyPack, PolicyPin, RequiredEvidence, ScanRequirement } from './pack/policy-pack';
export { formatPolicyIssue, PolicyInputError, PolicyPackError, type PolicyInputErrorCode, type PolicyIssue, type PolicyPackErrorCode } from './policy.error';

// --- licences
export { LicenseEvaluator, isLicenseListEntry, type LicenseAssessment, type LicensePolicy, type LicenseVerdict } from './licenses/license-policy';

// --- waivers
export { parseWaiver, waiverSchema, type Waiver } from './waivers/waiver.schema';
export { purlInScope } from './waivers/purl-scope';

// --- evaluation
export { decisionForMissing, evaluate, type EvaluateOptions } from './evaluate/evaluate';
export { missingEvidence, type MissingEvidence } from './evaluate/missing-evidence';
export {
  MISSING_EVIDENCE_RULE_ID,
  type AppliedWaiver,
  type Decision,
  type ItemSummary,
  type RuleOutcome,
  type RuleResult,
  type UnappliedWaiver,
  type Violation,
  type ViolationLocation,
  type WaiverNotAppliedReason,
  type WaiverUse,
} from './evaluate/decision';
export { gateReasons } from './evaluate/gate-reasons';

// --- pack tests (`tollgate policy test`) and the CLI command (wired into apps/cli by its owner)
export { runPackTests, type PackTestResult } from './pack-tests/run-pack-tests';
export { policyTestCommand } from './cli/policy-test.command';
export { POLICY_TEST_USAGE } from './cli/policy-test-usage';

// --- OCSF breach and the decision log (libs/audit's chain)
export { detectionFindingOf, OCSF_SCHEMA_VERSION, type DetectionFindingOptions, type OcsfDetectionFinding, type OcsfEvidence } from './ocsf/detection-finding';
export { DECISION_AUDIT_KIND, WAIVER_CREATED_AUDIT_KIND, decisionAuditEntry, waiverCreatedAuditEntry } from './decision-log/decision-audit-entry';
