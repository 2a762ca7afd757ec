import { ruleCatalogue } from '../iac-rule';

// Severities: a literal secret in ENV/ARG is `critical` (hard-coded credentials: it ships in
// every copy of the image and its history). Running as root is `high`, like UID 0 in
// Kubernetes. Fetching unverified code at build time (ADD from a URL, curl | sh) and a
// floating base image are `medium`; a tag without digest is `low`.
export const DF_RULES = ruleCatalogue({
  ROOT_USER: {
    id: 'TG-DF-001', title: 'Image runs as root', severity: 'high', target: 'dockerfile',
    message: 'The final stage has no USER instruction, or its last USER is root (0), so the container runs as root.',
    fix: 'Create an unprivileged user and end the final stage with USER <name or uid>.',
  },
  ADD_FROM_URL: {
    id: 'TG-DF-002', title: 'ADD fetches a remote URL', severity: 'medium', target: 'dockerfile',
    message: 'ADD downloads from a URL without a checksum, so the build takes whatever the server returns.',
    fix: 'Use ADD --checksum=sha256:<digest> <url>, or download with curl and verify the checksum in a RUN step.',
  },
  SECRET_IN_ENV_ARG: {
    id: 'TG-DF-003', title: 'Secret in ENV or ARG', severity: 'critical', target: 'dockerfile',
    message: 'An ENV or ARG whose name denotes a secret (PASSWORD, SECRET, TOKEN, API_KEY…) has a literal value, which is stored in the image and its history.',
    fix: 'Remove the value; pass the secret at build time with RUN --mount=type=secret, or at run time from the orchestrator.',
  },
  MUTABLE_BASE_IMAGE: {
    id: 'TG-DF-004', title: 'Base image is :latest or untagged', severity: 'medium', target: 'dockerfile',
    message: 'FROM names an image without a tag or with :latest, so each build may start from different content.',
    fix: 'Name a released version and pin its digest: FROM name:1.2.3@sha256:…',
  },
  BASE_IMAGE_NOT_DIGEST: {
    id: 'TG-DF-005', title: 'Base image is not pinned by digest', severity: 'low', target: 'dockerfile',
    message: 'FROM names the base image by tag only; the tag can be moved to other content.',
    fix: 'Append the digest: FROM name:tag@sha256:…',
  },
  PIPE_TO_SHELL: {
    id: 'TG-DF-006', title: 'RUN pipes a download into a shell', severity: 'medium', target: 'dockerfile',
    message: 'RUN pipes curl or wget output straight into a shell, executing unverified remote code.',
    fix: 'Download to a file, verify its checksum or signature, then run it.',
  },
});
