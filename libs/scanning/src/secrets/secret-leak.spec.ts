import { findingsMarkdown } from '../report/findings-markdown';
import { findingsTable } from '../report/findings-table';
import { findingsFromSarif } from '../sarif/findings-from-sarif';
import { sarifOf } from '../sarif/sarif-of';
import { scanSecrets } from './scan-secrets';
import { fake } from './testing/fake-secrets';

/** The secret itself and a distinctive slice of it past the first four characters that a masked form may show. */
function fragments(secret: string): string[] {
  return [secret, secret.slice(4, 16)];
}

describe('secret values in outputs', () => {
  it('never appear in findings, SARIF, a SARIF round trip, Markdown or the terminal table', async () => {
    const db = fake.password();
    const redis = fake.password();
    const secrets = {
      github: fake.githubToken(),
      awsId: fake.awsAccessKeyId(),
      awsSecret: fake.awsSecretAccessKey(),
      vault: fake.vaultToken(),
      legacyVault: fake.legacyVaultToken(),
      gitlab: fake.gitlabToken(),
      jwt: fake.jwt(),
      db,
      redis,
    };
    const key = fake.privateKeyPem();
    const encryptedKey = fake.encryptedPrivateKeyPem();
    const files = [
      {
        path: 'ci/build.env',
        content: [
          `GH_TOKEN=${secrets.github}`,
          `AWS_ACCESS_KEY_ID=${secrets.awsId}`,
          `AWS_SECRET_ACCESS_KEY=${secrets.awsSecret}`,
          `VAULT_TOKEN=${secrets.vault}`,
          `LEGACY_VAULT_TOKEN="${secrets.legacyVault}"`,
          `GITLAB_TOKEN=${secrets.gitlab}`,
          `ID_TOKEN=${secrets.jwt}`,
          `DATABASE_URL=postgres://app:${secrets.db}@db.internal:5432/app`,
          `REDIS_URL=redis://:${secrets.redis}@cache.internal:6379/0`,
        ].join('\n'),
      },
      { path: 'keys/deploy.pem', content: key },
      { path: 'keys/old.pem', content: encryptedKey },
    ];

    const findings = await scanSecrets(files);

    expect(findings).toHaveLength(11);
    const sarif = sarifOf(findings, { toolName: 'tollgate', toolVersion: '0.1.0' });
    const outputs = {
      findings: JSON.stringify(findings),
      sarif: JSON.stringify(sarif),
      roundTrip: JSON.stringify(findingsFromSarif(sarif)),
      markdown: findingsMarkdown(findings, { linkBase: 'https://git.example.invalid/repo/blob/abc' }),
      table: findingsTable(findings),
    };
    const keyBody = (pem: string) => pem.split('\n').slice(1, 3).join('\n');
    const needles = [...Object.values(secrets).flatMap(fragments), keyBody(key), keyBody(encryptedKey), key.split('\n')[1]!.slice(0, 20)];
    expect(needles.filter((n) => files.some((f) => f.content.includes(n)))).toHaveLength(needles.length);
    // Counted rather than matched, so a failure does not print the secret either.
    const leaks = Object.entries(outputs).map(([output, text]) => [output, needles.filter((n) => text.includes(n)).length]);
    expect(leaks).toEqual(Object.keys(outputs).map((output) => [output, 0]));
    expect(findingsFromSarif(sarif)).toHaveLength(11);
  });
});
