import { type Finding } from '../../findings/finding';
import { policyStatements } from './iam-policy';
import { TF_RULES } from './terraform-rule-catalogue';
import { bucketIdRef, bucketLabel, bucketOf, companionsOf, tfFinding } from './tf-finding';
import { baseAddress, bool, isUnknown, resourcesOfType, str, strList, type TfBlock, type TfModule, type TfResource } from './tf-model';

const PUBLIC_CANNED_ACLS: Record<string, string> = {
  'public-read': 'anyone on the internet can list and read',
  'public-read-write': 'anyone on the internet can list, read and overwrite',
  'authenticated-read': 'any AWS account can list and read',
};
const PUBLIC_GRANTEE = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;
const ACCESS_BLOCK_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** TG-TF-001…004, 012, 015: public buckets and the configuration every bucket should have. */
export function checkS3(module: TfModule): Finding[] {
  return [...publicAcls(module), ...publicPolicies(module), ...publicAccessBlocks(module), ...bucketBaseline(module)];
}

function publicAcls(module: TfModule): Finding[] {
  const findings: Finding[] = [];
  for (const r of resourcesOfType(module, 'aws_s3_bucket', 'aws_s3_bucket_acl')) {
    const bucket = r.type === 'aws_s3_bucket' ? bucketLabel(r) : bucketOf(module, r);
    const acl = str(r.values['acl']);
    const who = acl === undefined ? undefined : PUBLIC_CANNED_ACLS[acl];
    if (who !== undefined) {
      findings.push(
        tfFinding({
          rule: TF_RULES.S3_PUBLIC_ACL, block: r, attribute: 'acl', address: r.address,
          message: `S3 bucket ${bucket} is public: ${r.address} sets acl = "${acl}", so ${who} its objects`,
          fix: `Set acl = "private" in ${r.address} (or remove the acl argument) and serve public content through CloudFront with an origin access control`,
        }),
      );
    }
    const grant = publicGrant(r);
    if (grant) {
      findings.push(
        tfFinding({
          rule: TF_RULES.S3_PUBLIC_ACL, block: grant, attribute: 'uri', address: `${r.address}.grant`,
          message: `S3 bucket ${bucket} is public: ${r.address} grants access to the ${/AllUsers$/.test(str(grant.values['uri']) ?? '') ? 'AllUsers' : 'AuthenticatedUsers'} group`,
          fix: `Remove the grant to the AllUsers/AuthenticatedUsers group from ${r.address} and grant access to named principals through IAM`,
        }),
      );
    }
  }
  return findings;
}

/** The block naming a global group as grantee: a legacy `grant` on the bucket, or an ACL resource's `grantee`. */
function publicGrant(r: TfResource): TfBlock | undefined {
  const isPublic = (b: TfBlock) => PUBLIC_GRANTEE.test(str(b.values['uri']) ?? '');
  if (r.type === 'aws_s3_bucket') return r.blocks('grant').find(isPublic);
  const grants = r.blocks('access_control_policy').flatMap((p) => p.blocks('grant'));
  return grants.flatMap((g) => g.blocks('grantee')).find(isPublic);
}

function publicPolicies(module: TfModule): Finding[] {
  return resourcesOfType(module, 'aws_s3_bucket_policy', 'aws_s3_bucket').flatMap((r) => {
    const bucket = r.type === 'aws_s3_bucket' ? bucketLabel(r) : bucketOf(module, r);
    const open = (policyStatements(r.values['policy']) ?? []).filter((s) => s.effect === 'Allow' && s.anyPrincipal && !s.hasCondition);
    if (open.length > 0) {
      const actions = [...new Set(open.flatMap((s) => s.actions))].join(', ') || 'its actions';
      return [publicPolicyFinding(r, r, 'policy', bucket, actions)];
    }
    // `policy = data.aws_iam_policy_document.x.json`: check the document's statements instead.
    const documents = r.references('policy').flatMap((ref) => module.resources.filter((d) => d.address === ref && d.type === 'aws_iam_policy_document'));
    return documents.flatMap((doc) =>
      doc.blocks('statement').flatMap((s) => {
        if ((str(s.values['effect']) ?? 'Allow') !== 'Allow' || s.blocks('condition').length > 0) return [];
        const anyone = s.blocks('principals').find((p) => ['*', 'AWS'].includes(str(p.values['type']) ?? '') && strList(p.values['identifiers']).includes('*'));
        if (!anyone) return [];
        return [publicPolicyFinding(r, anyone, 'identifiers', bucket, strList(s.values['actions']).join(', ') || 'its actions', doc.address)];
      }),
    );
  });
}

function publicPolicyFinding(r: TfResource, block: TfBlock, attribute: string, bucket: string, actions: string, document?: string): Finding {
  const source = document ? `${document} (used by ${r.address})` : r.address;
  return tfFinding({
    rule: TF_RULES.S3_PUBLIC_POLICY, block, attribute, address: `${r.address}.policy`,
    message: `S3 bucket ${bucket} is public: the policy in ${source} allows Principal "*" to ${actions} without a condition`,
    fix: `In the policy of ${source}, replace Principal "*" with the principals that need ${actions}, or add a Condition (aws:SourceVpce, aws:PrincipalOrgID)`,
  });
}

function publicAccessBlocks(module: TfModule): Finding[] {
  const findings: Finding[] = [];
  const blocks = resourcesOfType(module, 'aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block');
  for (const pab of blocks) {
    const off = ACCESS_BLOCK_FLAGS.filter((f) => bool(pab.values[f]) !== true && !isUnknown(pab.values[f]));
    if (off.length === 0) continue;
    const scope = pab.type === 'aws_s3_account_public_access_block' ? 'every bucket of the account' : `bucket ${bucketOf(module, pab)}`;
    const setFalse = off.find((f) => bool(pab.values[f]) === false);
    findings.push(
      tfFinding({
        rule: TF_RULES.S3_PUBLIC_ACCESS_BLOCK_INCOMPLETE, block: pab, ...(setFalse ? { attribute: setFalse } : {}), address: pab.address,
        message: `${pab.address} leaves ${off.join(', ')} off for ${scope}, so a public ACL or policy can still take effect`,
        fix: `Set ${off.map((f) => `${f} = true`).join(', ')} in ${pab.address} for ${scope}`,
      }),
    );
  }
  const accountWide = blocks.some((b) => b.type === 'aws_s3_account_public_access_block' && ACCESS_BLOCK_FLAGS.every((f) => bool(b.values[f]) === true));
  if (accountWide) return findings;
  for (const bucket of resourcesOfType(module, 'aws_s3_bucket')) {
    if (companionsOf(module, bucket, 'aws_s3_bucket_public_access_block').length > 0) continue;
    findings.push(
      tfFinding({
        rule: TF_RULES.S3_NO_PUBLIC_ACCESS_BLOCK, block: bucket, address: bucket.address,
        message: `S3 bucket ${bucketLabel(bucket)} has no aws_s3_bucket_public_access_block`,
        fix: `Add resource "aws_s3_bucket_public_access_block" with bucket = ${bucketIdRef(bucket)} and block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets = true`,
      }),
    );
  }
  return findings;
}

function bucketBaseline(module: TfModule): Finding[] {
  const findings: Finding[] = [];
  for (const bucket of resourcesOfType(module, 'aws_s3_bucket')) {
    const ref = bucketIdRef(bucket);
    const encrypted =
      bucket.blocks('server_side_encryption_configuration').length > 0 ||
      companionsOf(module, bucket, 'aws_s3_bucket_server_side_encryption_configuration').length > 0;
    if (!encrypted) {
      findings.push(
        tfFinding({
          rule: TF_RULES.S3_NO_SSE_CONFIG, block: bucket, address: bucket.address,
          message: `S3 bucket ${bucketLabel(bucket)} has no server-side encryption configuration`,
          fix: `Add resource "aws_s3_bucket_server_side_encryption_configuration" with bucket = ${ref} and a rule with sse_algorithm = "aws:kms"`,
        }),
      );
    }
    const logged = bucket.blocks('logging').length > 0 || companionsOf(module, bucket, 'aws_s3_bucket_logging').length > 0;
    if (!logged && !isLogTarget(module, bucket)) {
      findings.push(
        tfFinding({
          rule: TF_RULES.S3_NO_ACCESS_LOGGING, block: bucket, address: bucket.address,
          message: `S3 bucket ${bucketLabel(bucket)} has no access logging`,
          fix: `Add resource "aws_s3_bucket_logging" with bucket = ${ref} and target_bucket set to the log bucket`,
        }),
      );
    }
  }
  return findings;
}

/** The bucket that receives access logs is not itself logged (that would loop). */
function isLogTarget(module: TfModule, bucket: TfResource): boolean {
  const name = str(bucket.values['bucket']);
  if (str(bucket.values['acl']) === 'log-delivery-write') return true;
  return resourcesOfType(module, 'aws_s3_bucket_logging').some(
    (l) => l.references('target_bucket').includes(baseAddress(bucket.address)) || (name !== undefined && str(l.values['target_bucket']) === name),
  );
}
