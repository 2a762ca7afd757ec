// Public API: reading git repositories the way every Tollgate service must — no host
// configuration, no prompt, and a private repository's read credential leased from the
// credential broker for the run at hand and handed to git through its environment only.
export { carriesCredentials, gitEnvironment, withoutCredentials, type GitHttpCredential } from './git-environment';
export {
  BrokerGitCredentials,
  gitCredentialsFromSettings,
  GitCredentialError,
  loadGitCredentialRules,
  parseGitCredentialRules,
  type BrokerGitCredentialsOptions,
  type GitCredentialFailure,
  type GitCredentialRule,
  type GitCredentialSource,
} from './git-credentials';
