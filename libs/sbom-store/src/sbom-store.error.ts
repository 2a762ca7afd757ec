export type SbomStoreErrorCode =
  /** The query's purl does not parse. */
  | 'PURL_INVALID'
  /** The purl's type is not an ecosystem Tollgate indexes. */
  | 'PURL_TYPE_UNSUPPORTED'
  /** Both a versioned purl and a range: one of them must go. */
  | 'PURL_VERSION_WITH_RANGE'
  /** `artifactDigest` is not `sha256:<64 hex>`, or differs from the digest the SBOM names. */
  | 'ARTIFACT_DIGEST_INVALID'
  /** The BuiltSbom's sha256 is not the hash of its CycloneDX bytes. */
  | 'SBOM_SHA256_MISMATCH'
  /** The same CycloneDX bytes are already stored for another artifact: the document does not name its artifact. */
  | 'SBOM_STORED_FOR_OTHER_ARTIFACT';

/** A caller's mistake the store refuses; transports map `code` (HTTP 400/409, JetStream term). */
export class SbomStoreError extends Error {
  override readonly name = 'SbomStoreError';

  constructor(
    readonly code: SbomStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
