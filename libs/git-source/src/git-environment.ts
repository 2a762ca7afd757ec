/** HTTP credentials for one repository, from the credential broker. Held in memory only for the git commands. */
export interface GitHttpCredential {
  username: string;
  password: string;
}

/**
 * Git's environment: no system or user configuration (no helper of the host's answers for
 * us), never a prompt, and with a credential the values in variables read by a helper
 * scoped to the repository's host, so they are never in an argument list, a URL or a file.
 */
export function gitEnvironment(repository: string, home: string, credential?: GitHttpCredential): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LANG: 'C' };
  if (!credential) return env;
  return {
    ...env,
    GIT_CONFIG_COUNT: '1',
    // Scoped to the host (git matches a credential.<url> with a path only when useHttpPath is on).
    GIT_CONFIG_KEY_0: `credential.${new URL(repository).origin}.helper`,
    GIT_CONFIG_VALUE_0: `!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' "$TOLLGATE_GIT_USERNAME" "$TOLLGATE_GIT_PASSWORD"; }; f`,
    TOLLGATE_GIT_USERNAME: credential.username,
    TOLLGATE_GIT_PASSWORD: credential.password,
  };
}

/** A repository URL with `user:password@` in it: refused, because it would be echoed into logs, findings and events. */
export function carriesCredentials(repository: string): boolean {
  const url = URL.canParse(repository) ? new URL(repository) : undefined;
  return Boolean(url && (url.username || url.password));
}

/** A repository as it may be shown in findings, events and logs: any user:password@ taken out. */
export function withoutCredentials(repository: string): string {
  if (!carriesCredentials(repository)) return repository;
  const url = new URL(repository);
  url.username = '';
  url.password = '';
  return url.toString();
}
