export const SCAN_USAGE = `Usage: tollgate scan <path> [options]

Runs the built-in scanners offline over a directory — IaC rules (Terraform,
Kubernetes manifests, Dockerfiles) and secret detection — and prints the
findings with file:line and a concrete fix. Needs no Tollgate service.
Secrets are shown masked, never in full.

  <path>                  the directory to scan (.git is never read)
  --format table|json|sarif  table for a terminal (default); json or SARIF 2.1.0
  --fail-on <severity>    critical|high|medium|low|info: exit 1 when a finding is
                          at or above it (default critical)
  --paths <p1,p2>         only these paths inside <path> (files or directories),
                          e.g. the files a pull request changed
  --out <file>            write the report there instead of stdout
  -h, --help              show this help

Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 bad usage,
an unreadable path, or a scan that could not complete (no verdict).
`;
