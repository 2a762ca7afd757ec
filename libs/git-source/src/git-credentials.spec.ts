import { BrokerGitCredentials, GitCredentialError, parseGitCredentialRules } from './git-credentials';

describe(parseGitCredentialRules.name, () => {
  it('reads repository patterns and the broker secret each needs', () => {
    expect(parseGitCredentialRules('credentials:\n  - { repository: "https://git.example.internal/pumps/*", secret: git-pumps }\n')).toEqual([
      { repository: 'https://git.example.internal/pumps/*', secret: 'git-pumps' },
    ]);
  });

  it('names every problem by its path', () => {
    expect(() => parseGitCredentialRules('credentials:\n  - { repository: "ssh://git@host/x.git", secret: Git Pumps }\n', 'git.yaml')).toThrow(
      ['git.yaml is invalid:', '  credentials[0].repository: expected an http(s) repository URL or pattern, got "ssh://git@host/x.git"', '  credentials[0].secret: expected a secret name of the broker role, got "Git Pumps"'].join('\n'),
    );
    expect(() => parseGitCredentialRules('credentials: [', 'git.yaml')).toThrow(/^git\.yaml: not valid YAML/);
  });
});

describe(BrokerGitCredentials.name, () => {
  // Every case here is decided before the broker would be asked: a call to it fails the test.
  const refuseFetch = (() => {
    throw new Error('the broker must not be asked');
  }) as unknown as typeof fetch;
  const credentials = new BrokerGitCredentials({
    rules: parseGitCredentialRules('credentials:\n  - { repository: "https://git.example.internal/pumps/*", secret: git-pumps }\n  - { repository: "http://*", secret: git-any }\n'),
    brokerUrl: 'http://127.0.0.1:9',
    role: 'tollgate-scanner',
    workloadToken: () => Promise.resolve('header.payload.signature'),
    fetch: refuseFetch,
  });

  it('reads a repository no rule names anonymously', async () => {
    await expect(credentials.credentialFor('https://git.example.internal/cloud/api.git', 'run-1')).resolves.toBeUndefined();
  });

  it('refuses to send a credential over plain http to another machine', async () => {
    await expect(credentials.credentialFor('http://git.example.internal/pumps/x.git', 'run-1')).rejects.toThrow(
      new GitCredentialError('input', 'refusing to send the git-any credential over plain http to git.example.internal; use https'),
    );
  });
});
