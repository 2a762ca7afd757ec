// Public API of the SBOM builder's logic: readers of what shipped (lockfiles,
// OCI images), the CycloneDX and SPDX writers, FDA support statements, and
// version ordering for component queries. No database here: see sbom-store.
export { SbomInputError, type ComponentScope, type Ecosystem, type FoundComponent, type Inventory, type LockfileReader } from './model/inventory';
export { purlBase, purlOf } from './model/purl';
export { buildSbom, type BuildSbomRequest, type BuiltSbom, type SbomSource } from './build/build-sbom';
export { LOCKFILE_KINDS } from './source/lockfile-catalogue';
export { readOciImage, type ImageSource, type ImageIdentity, type LayoutSource, type RegistrySource, type TarballSource } from './image/read-oci-image';
export { buildCycloneDx, serializeCycloneDx, type CycloneDxInput } from './cyclonedx/cyclonedx-document';
export { PROPERTY, SBOM_TOOL, sbomTimestamp, type SbomSubject } from './cyclonedx/sbom-subject';
export { buildSpdx, serializeSpdx } from './spdx/spdx-document';
export { SUPPORT_LEVELS, loadSupportPolicy, parseSupportPolicy, supportFor, SupportPolicyError, type SupportLevel, type SupportPolicy, type SupportStatement } from './support/support-policy';
export { compareVersions } from './versions/compare-versions';
export { parseRange, type VersionRange } from './versions/version-range';
export { InvalidVersionError, VersionRangeError } from './versions/version-errors';
