export const SBOM_BUILD_USAGE = `Usage: tollgate sbom build <path|image> [options]

Reads what shipped — the resolved lockfiles of a source tree (package-lock.json,
yarn.lock, pnpm-lock.yaml, go.mod+go.sum, poetry.lock, uv.lock,
requirements.txt with hashes, Cargo.lock, composer.lock, gradle.lockfile) or the
layers of an OCI image — and writes a CycloneDX 1.6 (or SPDX 2.3) document.
Works offline; needs no Tollgate service.

  <path>                  a directory (its lockfiles, vendored trees skipped)
  --image-layout <dir>    an OCI image-layout directory instead of a path
  --image-archive <file>  an OCI archive (oci-archive tar) instead of a path
  --git <url> --commit <sha>  a repository at a commit (file:// and local paths too)
  --format cyclonedx|spdx (default cyclonedx)
  --out <file>            write there instead of stdout
  --name <name> --version <v> --digest sha256:<hex>   the artifact it describes
  --support-policy <file> FDA support rules (YAML) for supplier, level, end of support
  SOURCE_DATE_EPOCH       pins the timestamp: same input, same bytes

Exit status: 0 written; 1 an input could not be read (file and line named); 2 bad usage.
`;

export const SBOM_FDA_USAGE = `Usage: tollgate sbom fda-report <sbom.cdx.json> [--format csv|markdown] [--out <file>]

Lists every component of a CycloneDX SBOM built with --support-policy, with its
supplier, level of support, end-of-support date and justification, for the
addendum of an FDA premarket submission. Unknown values are listed as
"unknown" with their justification, never left out.

Exit status: 0 written; 1 the SBOM could not be read; 2 bad usage.
`;

export const SBOM_QUERY_USAGE = `Usage: tollgate sbom query <purl> [--range <range>] [--url <sbom-builder>]

Asks the SBOM builder which artifacts contain the component, e.g.
  tollgate sbom query pkg:maven/org.apache.logging.log4j/log4j-core --range '<2.17.1'
Ranges use the ecosystem's own version ordering: < <= > >= = != joined by
spaces (and) or || (or); npm also takes semver ranges.
  --url <url>             SBOM builder base URL (env TOLLGATE_SBOM_URL, default http://127.0.0.1:8082)
  --json                  print the JSON answer instead of a table

Exit status: 0 answered; 1 refused or unreachable; 2 bad usage.
`;
