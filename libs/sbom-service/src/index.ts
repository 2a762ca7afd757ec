// Public API of the SBOM builder service's logic: what an artifact event asks
// to read, building and storing once per artifact, and where artifacts went.
export { NotBuildableError, sourceOfPackagedArtifact, type RegistryAccess } from './artifact-source';
export { SBOM_BUILDER_SOURCE, SbomBuilderService, type SbomOutcome, type SbomRequest } from './sbom-builder.service';
export { recordArtifactEnvironment } from './environment-events';
export { SBOM_SCHEMA, SBOM_SERVICE_ENTITIES, SBOM_SERVICE_MIGRATIONS } from './sbom-service.data-model';
