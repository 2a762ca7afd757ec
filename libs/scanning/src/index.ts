// Public API of the scanner runner's logic: built-in IaC and secret scanners,
// SARIF in and out, reports. No database and no bus here.

// --- findings model
export { SEVERITIES, isAtLeast, severityRank, type Finding, type FindingKind, type FindingLocation, type Severity } from './findings/finding';

// --- iac (Terraform, Kubernetes, Dockerfile rules)
export { scanIacFiles, type IacFile } from './iac/scan-iac-files';
export { iacFileType, isIacPath, type IacFileType } from './iac/iac-path';
export { IAC_RULES } from './iac/iac-rules';
export type { IacRule, IacTarget } from './iac/iac-rule';
export { IAC_SCANNER } from './iac/iac-finding';
export { IacParseError, type IacParseErrorCode } from './iac/iac-parse-error';

// --- secrets, sarif, reports, external scanners
export { DEFAULT_MAX_FILE_BYTES, readTree, type ReadTreeOptions, type SkipReason, type SkippedFile, type TreeContents, type TreeFile } from './tree/read-tree';
export { TreeError, type TreeErrorCode } from './tree/tree.error';
export { DEFAULT_SECRET_SCAN_TIMEOUT_MS, SECRETS_SCANNER, scanSecrets, type ScanSecretsOptions } from './secrets/scan-secrets';
export { SecretScanError, type SecretScanErrorCode } from './secrets/secret-scan.error';
export { maskSecret, secretFingerprint } from './secrets/secret-evidence';
export { findingsFromSarif, type FindingsFromSarifOptions } from './sarif/findings-from-sarif';
export { SARIF_SCHEMA_URI, sarifOf, type SarifExportOptions, type SarifLog, type SarifRuleDescription } from './sarif/sarif-of';
export { SarifError } from './sarif/sarif.error';
export { levelOfSeverity, scoreOfSeverity, severityOfLevel, severityOfScore } from './sarif/security-severity';
export { countsBySeverity, type SeverityCounts } from './report/severity-order';
export { findingsTable, type FindingsTableOptions } from './report/findings-table';
export { findingsMarkdown, type FindingsMarkdownOptions } from './report/findings-markdown';
export { DEFAULT_FINDINGS_EXIT_CODES, runExternalScanner, type ExternalScanResult, type RunExternalScannerOptions } from './external/run-external-scanner';
export { externalScannerConfigSchema, parseExternalScannerConfig, type ExternalScannerConfig } from './external/external-scanner.config';
export { ExternalScannerError, type ExternalScannerErrorCode } from './external/external-scanner.error';

// --- cli
export { scanCommand } from './cli/scan.command';
export { SCAN_USAGE } from './cli/scan-usage';
