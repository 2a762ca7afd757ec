import { type Finding } from '../../findings/finding';
import { list, policyStatements } from './iam-policy';
import { TF_RULES } from './terraform-rule-catalogue';
import { tfFinding } from './tf-finding';
import { str, type TfBlock, type TfModule } from './tf-model';

const POLICY_RESOURCES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];
const isWildcard = (values: readonly string[]) => values.some((v) => v === '*' || v === '*:*');

/** TG-TF-005: `Action "*"` on `Resource "*"` in JSON policies, `jsonencode` objects and policy documents. */
export function checkIam(module: TfModule): Finding[] {
  const findings: Finding[] = [];
  for (const r of module.resources) {
    if (r.mode === 'managed' && POLICY_RESOURCES.includes(r.type)) findings.push(...policyAttribute(r, r, r.address));
    if (r.mode === 'managed' && r.type === 'aws_iam_role') {
      for (const inline of r.blocks('inline_policy')) findings.push(...policyAttribute(inline, r, `${r.address}.inline_policy[${str(inline.values['name']) ?? ''}]`));
    }
    if (r.mode === 'data' && r.type === 'aws_iam_policy_document') findings.push(...policyDocument(r, r.address));
  }
  return findings;
}

function policyAttribute(block: TfBlock, owner: { address: string }, address: string): Finding[] {
  const admin = (policyStatements(block.values['policy']) ?? []).find((s) => s.effect === 'Allow' && isWildcard(s.actions) && isWildcard(s.resources));
  if (!admin) return [];
  return [
    tfFinding({
      rule: TF_RULES.IAM_WILDCARD_ADMIN, block, attribute: 'policy', address,
      message: `IAM policy in ${owner.address} allows Action "*" on Resource "*" (statement ${admin.index + 1}): full administrator access`,
      fix: `In the policy of ${owner.address}, replace Action "*" and Resource "*" with the actions and resource ARNs the principal needs`,
    }),
  ];
}

function policyDocument(doc: TfBlock & { address: string }, address: string): Finding[] {
  return doc.blocks('statement').flatMap((s, k) => {
    const effect = str(s.values['effect']) ?? 'Allow';
    if (effect !== 'Allow' || !isWildcard(list(s.values['actions'])) || !isWildcard(list(s.values['resources']))) return [];
    const sid = str(s.values['sid']);
    return [
      tfFinding({
        rule: TF_RULES.IAM_WILDCARD_ADMIN, block: s, attribute: 'actions', address: `${address}.statement[${sid ?? k}]`,
        message: `IAM policy document ${doc.address} allows actions ["*"] on resources ["*"] (statement ${sid ?? k + 1}): full administrator access`,
        fix: `In ${doc.address}, replace actions = ["*"] and resources = ["*"] with the actions and resource ARNs the principal needs`,
      }),
    ];
  });
}
