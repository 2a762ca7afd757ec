import { ruleCatalogue } from '../iac-rule';

// Severities: `critical` only for what the design makes gate-blocking on its own: a bucket the
// internet can read, wildcard IAM admin, an admin port (or every port) open to the world and
// credentials written into code. Exposure that still needs a second mistake (a database port
// open, a database marked public, a missing public-access block) is `high`, as is data at rest
// without encryption. Defence-in-depth gaps (account-default encryption, trail scope and
// integrity) are `medium`; missing access or query logs are `low`.
export const TF_RULES = ruleCatalogue({
  S3_PUBLIC_ACL: {
    id: 'TG-TF-001', title: 'S3 bucket ACL grants public access', severity: 'critical', target: 'terraform',
    message: 'The bucket ACL (canned ACL or grant) lets everyone, or every AWS account, read or write the bucket.',
    fix: 'Set acl = "private" (or remove it) and grant access through IAM or a CloudFront origin access control.',
  },
  S3_PUBLIC_POLICY: {
    id: 'TG-TF-002', title: 'S3 bucket policy allows Principal "*"', severity: 'critical', target: 'terraform',
    message: 'A bucket policy statement allows any principal without a condition.',
    fix: 'Name the principals that need access, or restrict the statement with a Condition such as aws:SourceVpce or aws:PrincipalOrgID.',
  },
  S3_NO_PUBLIC_ACCESS_BLOCK: {
    id: 'TG-TF-003', title: 'S3 bucket has no public access block', severity: 'high', target: 'terraform',
    message: 'No aws_s3_bucket_public_access_block (nor an account-wide one) protects the bucket from a later public ACL or policy.',
    fix: 'Add an aws_s3_bucket_public_access_block for the bucket with all four flags set to true.',
  },
  S3_PUBLIC_ACCESS_BLOCK_INCOMPLETE: {
    id: 'TG-TF-004', title: 'S3 public access block leaves a flag off', severity: 'high', target: 'terraform',
    message: 'A public access block has block_public_acls, block_public_policy, ignore_public_acls or restrict_public_buckets false or unset (unset means false).',
    fix: 'Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true.',
  },
  IAM_WILDCARD_ADMIN: {
    id: 'TG-TF-005', title: 'IAM policy allows Action "*" on Resource "*"', severity: 'critical', target: 'terraform',
    message: 'An IAM policy statement allows every action on every resource (full administrator).',
    fix: 'List the actions and resource ARNs the principal needs; use an AWS managed job-function policy if a broad role is intended.',
  },
  SG_ADMIN_PORT_OPEN: {
    id: 'TG-TF-006', title: 'Security group opens an admin port to the world', severity: 'critical', target: 'terraform',
    message: 'An ingress rule allows 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389).',
    fix: 'Restrict the CIDR to a bastion or VPN range, or use SSM Session Manager instead of an open port.',
  },
  SG_DB_PORT_OPEN: {
    id: 'TG-TF-007', title: 'Security group opens a database port to the world', severity: 'high', target: 'terraform',
    message: 'An ingress rule allows 0.0.0.0/0 or ::/0 to a database port (3306, 5432, 1433, 1521, 27017, 6379, 9200).',
    fix: 'Allow the database port only from the application security group or a private CIDR.',
  },
  SG_ALL_PORTS_OPEN: {
    id: 'TG-TF-008', title: 'Security group opens all ports to the world', severity: 'critical', target: 'terraform',
    message: 'An ingress rule allows 0.0.0.0/0 or ::/0 on every port (protocol -1 or 0-65535).',
    fix: 'Open only the ports the service listens on, from the CIDRs that need them.',
  },
  EBS_UNENCRYPTED: {
    id: 'TG-TF-009', title: 'EBS volume is not encrypted', severity: 'high', target: 'terraform',
    message: 'The volume has encrypted false or unset and no aws_ebs_encryption_by_default is enabled.',
    fix: 'Set encrypted = true (and kms_key_id to a customer managed key).',
  },
  RDS_INSTANCE_UNENCRYPTED: {
    id: 'TG-TF-010', title: 'RDS instance storage is not encrypted', severity: 'high', target: 'terraform',
    message: 'The DB instance has storage_encrypted false or unset.',
    fix: 'Set storage_encrypted = true (a new instance from an encrypted snapshot is needed for an existing one).',
  },
  RDS_CLUSTER_UNENCRYPTED: {
    id: 'TG-TF-011', title: 'RDS cluster storage is not encrypted', severity: 'high', target: 'terraform',
    message: 'The DB cluster has storage_encrypted false or unset.',
    fix: 'Set storage_encrypted = true on the cluster.',
  },
  S3_NO_SSE_CONFIG: {
    id: 'TG-TF-012', title: 'S3 bucket has no server-side encryption configuration', severity: 'medium', target: 'terraform',
    message: 'The bucket relies on the account default (SSE-S3) instead of a declared encryption configuration.',
    fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" for the bucket.',
  },
  EFS_UNENCRYPTED: {
    id: 'TG-TF-013', title: 'EFS file system is not encrypted', severity: 'high', target: 'terraform',
    message: 'The file system has encrypted false or unset.',
    fix: 'Set encrypted = true (and kms_key_id); EFS encryption can only be chosen at creation.',
  },
  DB_PUBLICLY_ACCESSIBLE: {
    id: 'TG-TF-014', title: 'Database is publicly accessible', severity: 'high', target: 'terraform',
    message: 'The database has publicly_accessible = true and gets a public endpoint.',
    fix: 'Set publicly_accessible = false and reach the database from inside the VPC.',
  },
  S3_NO_ACCESS_LOGGING: {
    id: 'TG-TF-015', title: 'S3 bucket access logging is not enabled', severity: 'low', target: 'terraform',
    message: 'No aws_s3_bucket_logging (nor a logging block) records who read or wrote the bucket.',
    fix: 'Add an aws_s3_bucket_logging for the bucket with a target_bucket that collects access logs.',
  },
  CLOUDTRAIL_LOGGING_DISABLED: {
    id: 'TG-TF-016', title: 'CloudTrail logging is disabled', severity: 'high', target: 'terraform',
    message: 'The trail has enable_logging = false, so API activity is not recorded.',
    fix: 'Set enable_logging = true (or remove the argument; it defaults to true).',
  },
  CLOUDTRAIL_SINGLE_REGION: {
    id: 'TG-TF-017', title: 'CloudTrail trail is not multi-region', severity: 'medium', target: 'terraform',
    message: 'The trail has is_multi_region_trail false or unset, so activity in other regions is not recorded.',
    fix: 'Set is_multi_region_trail = true.',
  },
  CLOUDTRAIL_NO_LOG_VALIDATION: {
    id: 'TG-TF-018', title: 'CloudTrail log file validation is off', severity: 'medium', target: 'terraform',
    message: 'The trail has enable_log_file_validation false or unset, so tampering with log files goes unnoticed.',
    fix: 'Set enable_log_file_validation = true.',
  },
  RDS_NO_LOG_EXPORTS: {
    id: 'TG-TF-019', title: 'RDS logs are not exported to CloudWatch', severity: 'low', target: 'terraform',
    message: 'The database has no enabled_cloudwatch_logs_exports, so its logs are lost with the instance.',
    fix: 'Set enabled_cloudwatch_logs_exports to the engine\'s log types (e.g. ["postgresql"] or ["audit", "error"]).',
  },
  PROVIDER_CREDENTIALS: {
    id: 'TG-TF-020', title: 'Hard-coded credentials in a provider block', severity: 'critical', target: 'terraform',
    message: 'A provider block holds a literal access key, secret, token or password.',
    fix: 'Remove the literal and let the provider read short-lived credentials from the environment (the broker issues them per build).',
  },
});
