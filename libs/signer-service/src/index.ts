// Public API of the signer service's logic: run facts from the bus, provenance
// and SBOM attestations on sbom.generated, VSAs on gate.passed, bundle storage.
export { SIGNER_ENTITIES, SIGNER_MIGRATIONS, SIGNER_SCHEMA } from './persistence/signer.data-model';
export { recordPackagedArtifact, recordPipelineRun, findArtifactRunFacts, type ArtifactRunFacts } from './run-facts/run-facts.repository';
export { bundlesOfArtifact, storeBundle, type NewBundle, type StoredBundle } from './bundles/bundle-store';
export { EvidenceMissingError, provenanceInputOf } from './provenance-input';
export { BUILD_PREDICATES, SIGNER_SOURCE, SignerService, type SignerServiceOptions } from './signer.service';
