import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type Finding } from '../findings/finding';
import { findingsFromSarif } from './findings-from-sarif';
import { SARIF_SCHEMA_URI, sarifOf } from './sarif-of';
import sarifSchema from './schema/sarif-schema-2.1.0.json';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

const findings: Finding[] = [
  {
    ruleId: 'TG-TF-001',
    scanner: 'tollgate-iac',
    kind: 'iac',
    severity: 'critical',
    message: 'S3 bucket "logs" is public (acl = "public-read")',
    location: { path: 'infra/storage.tf', startLine: 12, startColumn: 3, endLine: 12, endColumn: 22 },
    fix: 'Set acl = "private" and add an aws_s3_bucket_public_access_block with all four flags true.',
    helpUri: 'https://tollgate.invalid/rules/TG-TF-001',
    fingerprint: 'a'.repeat(64),
  },
  {
    ruleId: 'TG-K8S-004',
    scanner: 'tollgate-iac',
    kind: 'iac',
    severity: 'medium',
    message: 'Container "api" has no memory limit',
    location: { path: 'deploy/my app/deployment.yaml', startLine: 30 },
    fix: 'Set resources.limits.memory on container "api".',
    fingerprint: 'b'.repeat(64),
    properties: { workload: 'Deployment/api', replicas: 3, privileged: false },
  },
  {
    ruleId: 'TG-K8S-004',
    scanner: 'tollgate-iac',
    kind: 'iac',
    severity: 'info',
    message: 'Container "sidecar" has no memory limit',
    location: { path: 'deploy/my app/deployment.yaml', startLine: 51 },
    fingerprint: 'c'.repeat(64),
  },
  {
    ruleId: 'CVE-2024-0001',
    scanner: 'trivy',
    kind: 'vulnerability',
    severity: 'high',
    message: 'lodash 4.17.20 is affected by CVE-2024-0001',
    fingerprint: 'd'.repeat(64),
    properties: { purl: 'pkg:npm/lodash@4.17.20' },
  },
];

describe(sarifOf.name, () => {
  it('produces a log that the official SARIF 2.1.0 schema accepts', () => {
    const log = sarifOf(findings, { toolName: 'tollgate', toolVersion: '0.1.0', informationUri: 'https://tollgate.invalid' });

    const valid = validateSarif(log);

    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
  });

  it('writes one run per scanner with its rules, ruleIndex, level, location, fingerprint and security-severity', () => {
    const log = sarifOf(findings, { toolName: 'tollgate', toolVersion: '0.1.0' });

    expect(log.runs.map((r) => [r.tool.driver.name, r.tool.driver.version, r.results.length])).toEqual([
      ['tollgate-iac', '0.1.0', 3],
      ['trivy', undefined, 1],
    ]);
    const iac = log.runs[0]!;
    expect(iac.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level, r.properties['security-severity']])).toEqual([
      ['TG-K8S-004', 'warning', '5.5'],
      ['TG-TF-001', 'error', '9.5'],
    ]);
    expect(iac.tool.driver.rules[1]).toMatchObject({
      shortDescription: { text: 'S3 bucket "logs" is public (acl = "public-read")' },
      help: { text: findings[0]!.fix },
      helpUri: 'https://tollgate.invalid/rules/TG-TF-001',
      properties: { tags: ['security', 'iac'] },
    });
    expect(iac.results[2]).toEqual({
      ruleId: 'TG-TF-001',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'S3 bucket "logs" is public (acl = "public-read")' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/storage.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 22 } } }],
      partialFingerprints: { 'tollgate/v1': 'a'.repeat(64) },
      properties: { 'security-severity': '9.5', 'tollgate/kind': 'iac', 'tollgate/fix': findings[0]!.fix },
    });
    expect(iac.results[0]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('deploy/my%20app/deployment.yaml');
  });

  it('round-trips through findingsFromSarif without losing anything', () => {
    const back = findingsFromSarif(sarifOf(findings, { toolName: 'tollgate' }));

    const key = (f: Finding) => f.fingerprint;
    expect([...back].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(findings);
  });

  it('uses rule metadata given by the caller', () => {
    const log = sarifOf(findings.slice(0, 1), {
      toolName: 'tollgate',
      rules: [{ id: 'TG-TF-001', name: 'PublicS3Bucket', shortDescription: 'S3 bucket is public', fullDescription: 'Public buckets leak data.', help: 'Make it private.', tags: ['cis-aws-2.1.5'] }],
    });

    expect(log.runs[0]!.tool.driver.rules[0]).toMatchObject({
      name: 'PublicS3Bucket',
      shortDescription: { text: 'S3 bucket is public' },
      fullDescription: { text: 'Public buckets leak data.' },
      help: { text: 'Make it private.' },
      properties: { tags: ['security', 'iac', 'cis-aws-2.1.5'] },
    });
  });

  it('still writes a valid run for each scanner that ran and found nothing', () => {
    const log = sarifOf([], { toolName: 'tollgate', scanners: ['tollgate-secrets', 'tollgate-iac'] });

    expect(validateSarif(log)).toBe(true);
    expect(log.runs.map((r) => [r.tool.driver.name, r.results])).toEqual([
      ['tollgate-iac', []],
      ['tollgate-secrets', []],
    ]);
    expect(sarifOf([], { toolName: 'tollgate' }).runs.map((r) => r.tool.driver.name)).toEqual(['tollgate']);
  });

  it('is deterministic whatever the order of the findings', () => {
    expect(JSON.stringify(sarifOf([...findings].reverse(), { toolName: 'tollgate' }))).toBe(JSON.stringify(sarifOf(findings, { toolName: 'tollgate' })));
  });
});
