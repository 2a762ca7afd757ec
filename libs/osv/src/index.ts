// Public API of vulnerability matching: a local OSV database (JSON directory and
// per-ecosystem zip archives) and matching of SBOM components against it.
export { OsvDatabase } from './database/osv-database';
export type { OsvLoadOptions, OsvLoadReport, UpsertOutcome, UpsertResult } from './database/load-session';
export { matchComponents } from './matching/match-components';
export type { AffectedEntry, AffectedLookup } from './matching/affected-entry';
export { affectedPackages, matchAdvisory, type AffectedPackage } from './matching/match-advisory';
export type { MatchReport, UnmatchableComponent, UnsupportedComponent, VulnerabilityMatch } from './matching/vulnerability-match';
export type { ComponentToMatch } from './ecosystems/component-key';
export { parseOsvEcosystem, type OsvEcosystem } from './ecosystems/osv-ecosystem';
export { advisorySeverity, severityOfScore, type AdvisorySeverity, type Severity, type SeveritySource } from './severity/advisory-severity';
export { cvssBaseScore, type CvssScore, type CvssVersion } from './severity/cvss-score';
export { osvRecordSchema, type OsvAffected, type OsvEvent, type OsvRange, type OsvRecord, type OsvReference, type OsvSeverity } from './schema/osv-record.schema';
export { parseOsvRecord, validateOsvRecord } from './schema/parse-osv-record';
export { OsvLoadError, OsvRecordError, type OsvIssue, type OsvLoadErrorCode, type OsvRecordErrorCode } from './osv.error';
