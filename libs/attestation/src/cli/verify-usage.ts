export const VERIFY_USAGE = `Usage: tollgate verify <digest> --bundle <file> --policy <file> [options]

Verifies, offline, that a Sigstore bundle (a DSSE-signed in-toto attestation)
is about the artifact <digest> and satisfies the trust policy: signed by a
trusted key version that is not retired, an expected predicate type, the
subject digest, and for SLSA provenance the builder and source, for a
verification summary the verifier, resource digest and PASSED result.

  <digest>                 the artifact, sha256:<64 hex>
  --bundle <file>          the bundle JSON; repeat to require several (provenance, SBOM, VSA)
  --policy <file>          the trust policy (YAML): keys, predicateTypes, provenance, vsa
  --predicate-type <uri>   accept only this predicate type (must be in the policy)
  --json                   print the result as JSON on stdout

Exit status: 0 verified ("verified: …"); 1 a check failed (its code and why);
2 bad usage, or the policy or a bundle file could not be read.
`;
