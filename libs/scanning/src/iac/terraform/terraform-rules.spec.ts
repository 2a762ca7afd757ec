import { TF_RULES } from './terraform-rule-catalogue';
import { fixture, positionsOf } from '../fixtures/fixture';
import { scanIacFiles } from '../scan-iac-files';

interface Case {
  readonly ruleId: string;
  readonly positions: [number, number][];
  readonly mentions: string;
  readonly negatives?: readonly string[];
}

const c = (ruleId: string, positions: [number, number][], mentions: string, negatives?: readonly string[]): Case => ({ ruleId, positions, mentions, ...(negatives ? { negatives } : {}) });

// Each rule's positive fixture, where every offending attribute (or block header) is, and a
// resource the message must name. Negatives are the fixed version of the same resources.
const HCL: readonly Case[] = [
  c('TG-TF-001', [[3, 3], [12, 3], [21, 9]], 'aws_s3_bucket.assets'),
  c('TG-TF-002', [[7, 3], [30, 7]], 'aws_s3_bucket_policy.site'),
  c('TG-TF-003', [[1, 1], [5, 1]], 'aws_s3_bucket.reports'),
  c('TG-TF-004', [[8, 3], [12, 1]], 'aws_s3_bucket_public_access_block.data'),
  c('TG-TF-005', [[3, 3], [16, 3], [30, 5], [40, 5]], 'aws_iam_policy.deployer'),
  c('TG-TF-006', [[10, 5], [27, 3], [32, 3]], 'aws_security_group.bastion'),
  c('TG-TF-007', [[8, 5], [14, 3]], 'aws_security_group.db'),
  c('TG-TF-008', [[8, 5], [18, 3]], 'aws_security_group.open'),
  c('TG-TF-009', [[1, 1], [9, 3]], 'aws_ebs_volume.data', ['negative.tf', 'negative-default-encryption.tf']),
  c('TG-TF-010', [[1, 1]], 'aws_db_instance.orders'),
  c('TG-TF-011', [[6, 3]], 'aws_rds_cluster.telemetry'),
  c('TG-TF-012', [[1, 1]], 'aws_s3_bucket.exports'),
  c('TG-TF-013', [[1, 1]], 'aws_efs_file_system.shared'),
  c('TG-TF-014', [[5, 3], [14, 3]], 'aws_db_instance.analytics'),
  c('TG-TF-015', [[1, 1]], 'aws_s3_bucket.invoices'),
  c('TG-TF-016', [[6, 3]], 'aws_cloudtrail.main'),
  c('TG-TF-017', [[4, 3], [8, 1]], 'aws_cloudtrail.main'),
  c('TG-TF-018', [[5, 3]], 'aws_cloudtrail.main'),
  c('TG-TF-019', [[1, 1], [12, 3]], 'aws_db_instance.orders'),
];

// The same rules over `terraform show -json` output: locations point into the JSON.
const PLAN: readonly Case[] = [
  c('TG-TF-001', [[18, 13], [29, 13]], 'aws_s3_bucket.assets'),
  c('TG-TF-002', [[29, 13]], 'aws_s3_bucket_policy.site'),
  c('TG-TF-003', [[8, 11]], 'aws_s3_bucket.reports'),
  c('TG-TF-004', [[30, 13]], 'aws_s3_bucket_public_access_block.data'),
  c('TG-TF-005', [[17, 13]], 'aws_iam_policy.deployer'),
  c('TG-TF-006', [[17, 17], [58, 13]], 'aws_security_group.bastion'),
  c('TG-TF-007', [[17, 17]], 'aws_security_group.db'),
  c('TG-TF-008', [[20, 17]], 'aws_security_group.open'),
  c('TG-TF-009', [[15, 13]], 'aws_ebs_volume.data'),
];

const severity = (ruleId: string) => Object.values(TF_RULES).find((r) => r.id === ruleId)?.severity;

describe.each([
  ['HCL', 'terraform', 'tf', HCL],
  ['plan JSON', 'terraform-plan', 'json', PLAN],
] as const)('Terraform rules on %s', (_format, dir, ext, cases) => {
  it.each(cases)('$ruleId fires on each offending line of its positive fixture', async ({ ruleId, positions, mentions }) => {
    const findings = await scanIacFiles([fixture(`${dir}/${ruleId.toLowerCase()}/positive.${ext}`)]);
    expect(positionsOf(findings, ruleId)).toEqual(positions);
    const first = findings.find((f) => f.ruleId === ruleId)!;
    expect(first).toMatchObject({ scanner: 'tollgate-iac', kind: 'iac', severity: severity(ruleId) });
    expect(first.message).toContain(mentions);
    expect(first.fix).toMatch(/^(Set|Add|Remove|Replace|In) /);
  });

  it.each(cases)('$ruleId stays quiet on its negative fixture', async ({ ruleId, negatives = [`negative.${ext}`] }) => {
    for (const negative of negatives) {
      const findings = await scanIacFiles([fixture(`${dir}/${ruleId.toLowerCase()}/${negative}`)]);
      expect(positionsOf(findings, ruleId)).toEqual([]);
    }
  });
});

describe('Terraform rules across files', () => {
  it('counts a public access block in another file of the same directory, but not of another directory', async () => {
    const bucket = { path: 'infra/bucket.tf', content: 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n' };
    const block = (dir: string) => ({
      path: `${dir}/access.tf`,
      content: 'resource "aws_s3_bucket_public_access_block" "b" {\n  bucket = aws_s3_bucket.b.id\n  block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n',
    });
    expect(positionsOf(await scanIacFiles([bucket, block('infra')]), 'TG-TF-003')).toEqual([]);
    expect(positionsOf(await scanIacFiles([bucket, block('other')]), 'TG-TF-003')).toEqual([[1, 1]]);
  });

  it('treats an account-wide public access block with every flag on as covering every bucket', async () => {
    const content = [
      'resource "aws_s3_account_public_access_block" "all" {',
      '  block_public_acls       = true',
      '  block_public_policy     = true',
      '  ignore_public_acls      = true',
      '  restrict_public_buckets = true',
      '}',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "acme-b"',
      '}',
    ].join('\n');
    const findings = await scanIacFiles([{ path: 'account.tf', content }]);
    expect(positionsOf(findings, 'TG-TF-003')).toEqual([]);
    expect(positionsOf(findings, 'TG-TF-004')).toEqual([]);
  });
});
