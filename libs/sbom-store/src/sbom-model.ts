// The one door to @tollgate/sbom: purls, version ranges and the BuiltSbom shape.
// That lib is tagged type:feature, which a type:data-access lib may not import; the
// pieces used here are pure (no I/O). Until they move to a type:util lib (or the tag
// rule allows this edge), the exception is made here, once, on purpose.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
export { compareVersions, InvalidVersionError, parseRange, VersionRangeError, purlBase, type BuiltSbom, type ComponentScope, type Ecosystem, type FoundComponent, type SbomSubject, type VersionRange } from '@tollgate/sbom';
