// Shared-library step: trades this build's OIDC token for its Tollgate role's
// short-lived secrets and runs ONE shell command with them in its environment.
// The secrets never touch the console log, the workspace or the step's
// arguments; the broker revokes them when the run finishes. Help: tollgateCredentials.txt.
import groovy.transform.Field

// Values reach the shell only as environment variables, never interpolated into
// the script; the shebang keeps Jenkins from adding `-x` (which echoes arguments).
@Field static final String EXCHANGE_SCRIPT = '''#!/bin/sh
set -e
exec tollgate credentials exchange --role "$TOLLGATE_ROLE" --run-id "$TOLLGATE_RUN_ID" -- sh -c "$TOLLGATE_COMMAND"
'''

def call(Map args) {
  if (!args.role) error('tollgateCredentials: role is required')
  if (!args.command) error('tollgateCredentials: command is required')
  String tokenId = args.oidcCredentialsId ?: env.TOLLGATE_OIDC_CREDENTIALS_ID
  if (!tokenId) error('tollgateCredentials: oidcCredentialsId (or env TOLLGATE_OIDC_CREDENTIALS_ID) is required')
  // The OpenID Connect Provider plugin mints a fresh, audience-bound id token per use.
  withCredentials([string(credentialsId: tokenId, variable: 'TOLLGATE_WORKLOAD_TOKEN')]) {
    withEnv([
      "TOLLGATE_ROLE=${args.role}",
      "TOLLGATE_RUN_ID=${env.BUILD_URL}",
      "TOLLGATE_COMMAND=${args.command}",
    ]) {
      sh(script: EXCHANGE_SCRIPT, label: "tollgate credentials (${args.role})")
    }
  }
}
