import { createHash } from 'node:crypto';
import { type Finding } from '../findings/finding';
import { SECRETS_SCANNER, scanSecrets } from './scan-secrets';
import { SecretScanError } from './secret-scan.error';
import { fake } from './testing/fake-secrets';

const only = (findings: Finding[]): Finding => {
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe(scanSecrets.name, () => {
  it('reports a GitHub token from the preset with exact line, column, fix, masked form and fingerprint', async () => {
    const token = fake.githubToken();
    const content = `steps:\n  - run: git clone https://example.invalid/repo\n    env:\n      GH_TOKEN: ${token}\n`;

    const finding = only(await scanSecrets([{ path: 'ci/pipeline.yaml', content }]));

    expect(finding).toEqual({
      ruleId: 'secretlint/@secretlint/secretlint-rule-github',
      scanner: SECRETS_SCANNER,
      kind: 'secret',
      severity: 'high',
      message: `GitHub token (GitHub personal access tokens) found in plain text (${token.slice(0, 4)}…(40 chars))`,
      location: { path: 'ci/pipeline.yaml', startLine: 4, startColumn: 17, endLine: 4, endColumn: 57 },
      fix: expect.stringMatching(/^Revoke and rotate this credential now, remove it from the file and from the git history, and load it from the credential broker/),
      helpUri: expect.stringContaining('secretlint-rule-github'),
      fingerprint: createHash('sha256').update(`tollgate-secret-v1\0secretlint/@secretlint/secretlint-rule-github\0${token}`).digest('hex'),
      properties: { masked: 'ghp_…(40 chars)', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), secretType: 'GitHub token (GitHub personal access tokens)' },
    });
    expect(finding.properties?.['fingerprint']).toBe(finding.fingerprint);
  });

  it('reports AWS access key ids and secret keys as critical, at the secret rather than the variable name, and ignores account ids', async () => {
    const keyId = fake.awsAccessKeyId();
    const secret = fake.awsSecretAccessKey();
    const content = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\naws_account_id = 1234-5678-9012\n`;

    const findings = await scanSecrets([{ path: '.aws/credentials', content }]);

    expect(findings.map((f) => [f.ruleId, f.severity, f.location?.startLine, f.location?.startColumn, f.properties?.['secretType']])).toEqual([
      ['secretlint/@secretlint/secretlint-rule-aws', 'critical', 2, 21, 'AWS access key ID'],
      ['secretlint/@secretlint/secretlint-rule-aws', 'critical', 3, 25, 'AWS secret access key'],
    ]);
  });

  it('reports a real private key once, from the preset, and an encrypted one through the generic block rule', async () => {
    const plain = fake.privateKeyPem();
    const encrypted = fake.encryptedPrivateKeyPem();

    const findings = await scanSecrets([
      { path: 'keys/signing.pem', content: plain },
      { path: 'keys/backup.pem', content: `# backup\n${encrypted}` },
    ]);

    expect(findings.map((f) => [f.location?.path, f.ruleId, f.severity, f.location?.startLine])).toEqual([
      ['keys/backup.pem', 'secretlint/@secretlint/secretlint-rule-pattern/private-key-block', 'critical', 2],
      ['keys/signing.pem', 'secretlint/@secretlint/secretlint-rule-privatekey', 'critical', 1],
    ]);
  });

  it('reports Vault service, batch and legacy tokens as critical', async () => {
    const content = [`VAULT_TOKEN=${fake.vaultToken()}`, `batch: "${fake.vaultBatchToken()}"`, `legacy = '${fake.legacyVaultToken()}'`].join('\n');

    const findings = await scanSecrets([{ path: 'deploy/.env', content }]);

    expect(findings.map((f) => [f.ruleId, f.severity, f.location?.startLine])).toEqual([
      ['secretlint/@secretlint/secretlint-rule-pattern/hashicorp-vault-token', 'critical', 1],
      ['secretlint/@secretlint/secretlint-rule-pattern/hashicorp-vault-token', 'critical', 2],
      ['secretlint/@secretlint/secretlint-rule-pattern/hashicorp-vault-token-legacy', 'critical', 3],
    ]);
  });

  it('reports GitLab tokens, JWTs and redis/amqp/SQLAlchemy URLs with passwords as high', async () => {
    const content = [
      `GITLAB_TOKEN=${fake.gitlabToken()}`,
      `Authorization: Bearer ${fake.jwt()}`,
      `REDIS_URL=redis://:${fake.password()}@cache.internal:6379/0`,
      `BROKER=amqps://builder:${fake.password()}@mq.internal:5671/ci`,
      `DATABASE_URL=postgresql+psycopg2://app:${fake.password()}@db.internal/app`,
      `MONGO=mongodb+srv://app:${fake.password()}@cluster0.internal/app`,
    ].join('\n');

    const findings = await scanSecrets([{ path: 'settings.env', content }]);

    expect(findings.map((f) => [f.ruleId, f.severity, f.location?.startLine])).toEqual([
      ['secretlint/@secretlint/secretlint-rule-pattern/gitlab-token', 'high', 1],
      ['secretlint/@secretlint/secretlint-rule-pattern/jwt', 'high', 2],
      ['secretlint/@secretlint/secretlint-rule-pattern/connection-string-password', 'high', 3],
      ['secretlint/@secretlint/secretlint-rule-pattern/connection-string-password', 'high', 4],
      ['secretlint/@secretlint/secretlint-rule-pattern/connection-string-password', 'high', 5],
      ['secretlint/@secretlint/secretlint-rule-database-connection-string', 'high', 6],
    ]);
  });

  it('stays quiet on placeholders, references and look-alikes', async () => {
    const headerWithoutAlg = Buffer.from(JSON.stringify({ kid: 'k1' })).toString('base64url');
    const content = [
      'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal/app',
      'REDIS_URL=redis://:${REDIS_PASSWORD}@cache.internal:6379',
      'AMQP_URL=amqp://guest:<password>@mq.internal/',
      'VAULT_TOKEN=${{ secrets.VAULT_TOKEN }}',
      'vault_token: hvs.short',
      'value = s.getConfigurationValueFor',
      `not_a_jwt = ${headerWithoutAlg}.${headerWithoutAlg}.abcdefghijklmnopqrstuv`,
      '-----BEGIN PRIVATE KEY-----',
      '...your key here...',
      '-----END PRIVATE KEY-----',
      'aws_account_id = 123456789012',
    ].join('\n');

    expect(await scanSecrets([{ path: 'docs/example.env', content }])).toEqual([]);
  });

  it('still reports a secret behind a secretlint-disable comment, since waivers go through the gate', async () => {
    const content = `// secretlint-disable-next-line\nconst token = "${fake.githubToken()}";\n`;

    const finding = only(await scanSecrets([{ path: 'src/client.ts', content }]));

    expect(finding.location?.startLine).toBe(2);
  });

  it('gives the same secret the same fingerprint in every file and a different secret a different one', async () => {
    const shared = fake.vaultToken();
    const findings = await scanSecrets([
      { path: 'a.env', content: `T=${shared}\n` },
      { path: 'b.env', content: `# copy\nT=${shared}\n` },
      { path: 'c.env', content: `T=${fake.vaultToken()}\n` },
    ]);

    const [a, b, c] = findings.map((f) => f.fingerprint);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('counts columns in UTF-16 code units after multi-byte characters', async () => {
    const token = fake.gitlabToken();

    const finding = only(await scanSecrets([{ path: 'notes.md', content: `Jeton de déploiement 🔑 ${token}\n` }]));

    expect(finding.location).toMatchObject({ startLine: 1, startColumn: 'Jeton de déploiement 🔑 '.length + 1 });
  });

  it('returns no findings for no files without starting a worker', async () => {
    expect(await scanSecrets([])).toEqual([]);
  });

  it('throws TIMEOUT when the scan cannot finish within its deadline', async () => {
    const files = Array.from({ length: 400 }, (_, i) => ({ path: `f${i}.txt`, content: 'x '.repeat(20_000) }));

    const attempt = scanSecrets(files, { timeoutMs: 1 });

    await expect(attempt).rejects.toThrow(SecretScanError);
    await expect(attempt).rejects.toMatchObject({ code: 'TIMEOUT', message: 'secret scan of 400 files did not finish within 1 ms' });
  });
});
