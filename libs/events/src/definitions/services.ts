// Producer/consumer names as in DESIGN.md, spelled once so the catalogue agrees with itself.
export const INGEST = 'ingest-gateway';
export const CREDENTIAL_BROKER = 'credential-broker';
export const SCANNER = 'scanner-runner';
export const SBOM_BUILDER = 'sbom-builder';
export const SIGNER = 'signer';
export const POLICY_ENGINE = 'policy-engine';
export const PROMOTER = 'registry-promoter';
export const ADMISSION = 'admission-verifier';
export const TICKETER = 'servicenow-ticketer';
export const CONSOLE = 'console';
export const SOC = 'SOC (subscribes to tollgate.security.>)';
