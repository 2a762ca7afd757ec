import { DF_RULES } from './dockerfile-rule-catalogue';
import { fixture, FIXTURE_DIGEST, positionsOf } from '../fixtures/fixture';
import { scanIacFiles } from '../scan-iac-files';

const CASES: readonly (readonly [ruleId: string, positive: string, positions: [number, number][], mentions: string])[] = [
  ['TG-DF-001', 'positive.Dockerfile', [[7, 1]], 'Final stage #1 has no USER'],
  ['TG-DF-001', 'positive-explicit-root.Dockerfile', [[5, 1]], 'runs as root (USER 0)'],
  ['TG-DF-002', 'positive.Dockerfile', [[2, 5], [3, 19]], 'downloads https://downloads.acme.test/tools/fwtool-1.4.tar.gz'],
  ['TG-DF-004', 'positive.Dockerfile', [[1, 6], [4, 6]], 'Base image golang of stage build is untagged'],
  ['TG-DF-005', 'positive.Dockerfile', [[2, 6]], 'Base image python:3.12.6-slim of stage #0'],
  ['TG-DF-006', 'positive.Dockerfile', [[2, 1], [5, 1]], 'pipes a download into a shell'],
];

const severity = (ruleId: string) => Object.values(DF_RULES).find((r) => r.id === ruleId)?.severity;

describe('Dockerfile rules', () => {
  it.each(CASES)('%s fires on each offending instruction of %s', async (ruleId, positive, positions, mentions) => {
    const findings = await scanIacFiles([fixture(`dockerfile/${ruleId.toLowerCase()}/${positive}`)]);
    expect(positionsOf(findings, ruleId)).toEqual(positions);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set([ruleId]));
    expect(findings[0]).toMatchObject({ scanner: 'tollgate-iac', kind: 'iac', severity: severity(ruleId) });
    expect(findings[0]!.message).toContain(mentions);
  });

  it.each(['TG-DF-001', 'TG-DF-002', 'TG-DF-004', 'TG-DF-005', 'TG-DF-006'])('%s stays quiet on its negative fixture', async (ruleId) => {
    expect(await scanIacFiles([fixture(`dockerfile/${ruleId.toLowerCase()}/negative.Dockerfile`)])).toEqual([]);
  });

  it('shows an ADD URL without its credentials or query string', async () => {
    const url = ['https://', 'ci-bot', ':', 'EXAMPLE-pass-0000', '@artifacts.acme.test/certs/bundle.pem?sig=EXAMPLE-sig'].join('');
    const findings = await scanIacFiles([{ path: 'Dockerfile', content: `FROM alpine:3.20@${FIXTURE_DIGEST}\nADD ${url} /etc/ssl/\nUSER 10001\n` }]);
    expect(findings.map((f) => f.message)).toEqual(['ADD in stage #0 downloads https://artifacts.acme.test/certs/bundle.pem without a checksum']);
    expect(JSON.stringify(findings)).not.toMatch(/EXAMPLE-pass|EXAMPLE-sig|ci-bot/);
  });
});

describe('TG-DF-003 secrets in ENV and ARG', () => {
  // Built at run time so the repository holds no credential-shaped literal.
  const token = ['npm', 'EXAMPLE0000tollgate0test'].join('_');
  const password = ['EXAMPLE', 'db', 'pass', '42'].join('-');
  const awsSecret = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
  const positive = [
    `FROM node:20.17-alpine@${FIXTURE_DIGEST}`,
    `ARG NPM_TOKEN=${token}`,
    `ENV LOG_LEVEL=info DB_PASSWORD="${password}"`,
    `ENV AWS_SECRET_ACCESS_KEY ${awsSecret}`,
    'USER node',
  ].join('\n');
  const negative = [
    `FROM node:20.17-alpine@${FIXTURE_DIGEST}`,
    'ARG NPM_TOKEN',
    'ENV DB_PASSWORD_FILE=/run/secrets/db_password',
    'ENV NPM_TOKEN=$NPM_TOKEN API_KEY=""',
    'RUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci',
    'USER node',
  ].join('\n');

  it('fires on each secret-named ENV or ARG with a literal value, naming the variable', async () => {
    const findings = await scanIacFiles([{ path: 'services/api/Dockerfile', content: positive }]);
    expect(positionsOf(findings, 'TG-DF-003')).toEqual([[2, 5], [3, 20], [4, 5]]);
    expect(findings.map((f) => f.message)).toEqual([
      'ARG NPM_TOKEN in stage #0 has a hard-coded value (kept in the image and its history)',
      'ENV DB_PASSWORD in stage #0 has a hard-coded value (kept in the image and its history)',
      'ENV AWS_SECRET_ACCESS_KEY in stage #0 has a hard-coded value (kept in the image and its history)',
    ]);
    expect(findings.every((f) => f.severity === 'critical')).toBe(true);
  });

  it('stays quiet on ARGs without a default, *_FILE variables, forwarded variables and empty values', async () => {
    expect(await scanIacFiles([{ path: 'Dockerfile', content: negative }])).toEqual([]);
  });

  it('never puts the value into a message, fix, property or fingerprint', async () => {
    const serialized = JSON.stringify(await scanIacFiles([{ path: 'Dockerfile', content: positive }]));
    for (const secret of [token, password, awsSecret]) expect(serialized).not.toContain(secret);
  });
});
