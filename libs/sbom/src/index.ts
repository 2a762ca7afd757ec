// Public API of the SBOM builder's logic: readers of what shipped (lockfiles,
// OCI images), the CycloneDX and SPDX writers, FDA support statements, and
// version ordering for component queries. No database here: see sbom-store.
// Heavy parts (image layers, each lockfile parser, the policy schema) load on
// first use, so `tollgate sbom build` reads in only what its input needs.
export { SbomInputError, type ComponentScope, type Ecosystem, type FoundComponent, type Inventory, type LockfileReader } from './model/inventory';
export { parseUpstreamQualifier, purlBase, purlOf } from './model/purl';
export { buildSbom, type BuildSbomRequest, type BuiltSbom, type SbomSource } from './build/build-sbom';
export { LOCKFILE_KINDS } from './source/lockfile-catalogue';
export type { ImageSource, ImageIdentity, LayoutSource, RegistrySource, TarballSource } from './image/read-oci-image';
export { buildCycloneDx, serializeCycloneDx, type CycloneDxInput } from './cyclonedx/cyclonedx-document';
export { PROPERTY, SBOM_TOOL, sbomTimestamp, type SbomSubject } from './cyclonedx/sbom-subject';
export { buildSpdx, serializeSpdx } from './spdx/spdx-document';
export type { SupportPolicy } from './support/support-policy';
export { loadSupportPolicyFile } from './support/load-support-policy';
export { SUPPORT_LEVELS, supportFor, type SupportLevel, type SupportStatement } from './support/support-statement';
export { compareVersions } from './versions/compare-versions';
export { parseRange, type VersionRange } from './versions/version-range';
export { InvalidVersionError, VersionRangeError } from './versions/version-errors';
// The `tollgate sbom` commands, each loaded only when it runs.
export { SBOM_COMMANDS } from './cli/sbom-commands';
export { sbomBuild } from './cli/sbom-build.command';
export { sbomFdaReport } from './cli/sbom-fda-report.command';
export { sbomQuery } from './cli/sbom-query.command';
export { fdaCsv, fdaMarkdown, fdaRows, type FdaRow } from './cli/fda-report';
export { SBOM_BUILD_USAGE, SBOM_FDA_USAGE, SBOM_QUERY_USAGE } from './cli/sbom-usage';
