// Public API of the scanner runner's logic: source scans of a commit (or a pull
// request's changes), SBOM vulnerability matching, advisory ingestion and
// re-matching against every stored artifact, and the scan store.
export { SCANNER_ENTITIES, SCANNER_MIGRATIONS, SCANNER_SCHEMA } from './persistence/scanner.data-model';
export { ScanInputError, SourceRefusedError, SourceUnavailableError, checkoutCommit, type CheckedOutTree } from './source/checkout';
export { recordScan, scansOfRun, type ScanFailureCode, type ScanOutcome, type StoredScan } from './scans/scan-store';
export { runSourceScans, type SourceScanOptions } from './scans/source-scans';
export { AdvisoryCatalogue } from './vulnerabilities/advisory-catalogue';
export { rematchAdvisory, type AffectedArtifact, type ArtifactComponent } from './vulnerabilities/advisory-rematch';
export { OSV_SCANNER, componentsOfCycloneDx, findingOfMatch, vulnerabilityFindings } from './vulnerabilities/vulnerability-findings';
export { SCANNER_SOURCE, ScannerService, type ScannerServiceOptions, type SourceScanRequest } from './scanner.service';
