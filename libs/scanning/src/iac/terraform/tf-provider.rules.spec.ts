import { scanIacFiles } from '../scan-iac-files';
import { positionsOf } from '../fixtures/fixture';

// Credential-shaped values are assembled at run time so the repository holds no literal a
// secret scanner would flag (they are the documented example values, not real keys).
const accessKey = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const secretKey = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
const token = ['hvs', 'EXAMPLE0tollgate0test0only'].join('.');
const SECRETS = [accessKey, secretKey, token];

const positiveHcl = [
  'provider "aws" {',
  '  region     = "eu-central-1"',
  `  access_key = "${accessKey}"`,
  `  secret_key = "${secretKey}"`,
  '}',
  '',
  'provider "vault" {',
  '  address = "https://vault.acme.test:8200"',
  `  token   = "${token}"`,
  '}',
].join('\n');

const negativeHcl = [
  'provider "aws" {',
  '  region     = "eu-central-1"',
  '  access_key = var.aws_access_key',
  '}',
  '',
  'provider "postgresql" {',
  '  host     = "db.acme.test"',
  '  password = ""',
  '}',
].join('\n');

function plan(expressions: Record<string, unknown>): string {
  const doc = {
    format_version: '1.2',
    planned_values: { root_module: { resources: [] } },
    configuration: { provider_config: { aws: { name: 'aws', expressions } }, root_module: {} },
  };
  return JSON.stringify(doc, null, 2);
}

describe('TG-TF-020 hard-coded provider credentials', () => {
  it('fires on each literal credential attribute of a provider block', async () => {
    const findings = await scanIacFiles([{ path: 'providers.tf', content: positiveHcl }]);
    expect(positionsOf(findings, 'TG-TF-020')).toEqual([[3, 3], [4, 3], [9, 3]]);
    expect(findings.map((f) => f.message)).toEqual([
      'Provider "aws" has a hard-coded access_key',
      'Provider "aws" has a hard-coded secret_key',
      'Provider "vault" has a hard-coded token',
    ]);
    expect(findings.every((f) => f.severity === 'critical')).toBe(true);
  });

  it('stays quiet on variables, environment credentials and empty strings', async () => {
    expect(await scanIacFiles([{ path: 'providers.tf', content: negativeHcl }])).toEqual([]);
  });

  it('fires on a constant credential in a plan\'s provider configuration, and not on a reference', async () => {
    const positive = plan({ region: { constant_value: 'eu-central-1' }, secret_key: { constant_value: secretKey } });
    expect(positionsOf(await scanIacFiles([{ path: 'plan.json', content: positive }]), 'TG-TF-020')).toEqual([[16, 11]]);
    const negative = plan({ region: { constant_value: 'eu-central-1' }, secret_key: { references: ['var.secret_key'] } });
    expect(await scanIacFiles([{ path: 'plan.json', content: negative }])).toEqual([]);
  });

  it('never puts the credential into a message, fix, property or fingerprint', async () => {
    const findings = await scanIacFiles([
      { path: 'providers.tf', content: positiveHcl },
      { path: 'plan.json', content: plan({ access_key: { constant_value: accessKey }, token: { constant_value: token } }) },
    ]);
    expect(findings).toHaveLength(5);
    const serialized = JSON.stringify(findings);
    for (const secret of SECRETS) expect(serialized).not.toContain(secret);
  });
});
