// Public API of the SBOM store: content-addressed SBOM documents, the component index
// behind "which of our artifacts contain X?", and where each artifact went.
export {
  SbomStore,
  type ArtifactEnvironment,
  type ArtifactMatch,
  type ComponentMatches,
  type EnvironmentKind,
  type SbomFormat,
  type SbomMeta,
  type StorableSbom,
} from './sbom-store';
export { SbomStoreError, type SbomStoreErrorCode } from './sbom-store.error';
export { SBOM_STORE_MIGRATIONS } from './persistence/sbom-store.data-model';
