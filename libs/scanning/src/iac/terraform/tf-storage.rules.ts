import { type Finding } from '../../findings/finding';
import { type IacRule } from '../iac-rule';
import { TF_RULES } from './terraform-rule-catalogue';
import { tfFinding } from './tf-finding';
import { bool, isUnknown, resourcesOfType, str, type TfModule, type TfResource } from './tf-model';

/** TG-TF-009…011, 013, 014: storage without encryption at rest, databases with a public endpoint. */
export function checkStorage(module: TfModule): Finding[] {
  const ebsDefault = resourcesOfType(module, 'aws_ebs_encryption_by_default').some((r) => bool(r.values['enabled']) !== false);
  const clusters = resourcesOfType(module, 'aws_rds_cluster').filter((c) => str(c.values['engine_mode']) !== 'serverless'); // Serverless v1 is always encrypted.
  return [
    ...(ebsDefault ? [] : mustBeTrue(resourcesOfType(module, 'aws_ebs_volume'), 'encrypted', TF_RULES.EBS_UNENCRYPTED, 'EBS volume')),
    ...mustBeTrue(resourcesOfType(module, 'aws_db_instance'), 'storage_encrypted', TF_RULES.RDS_INSTANCE_UNENCRYPTED, 'RDS instance'),
    ...mustBeTrue(clusters, 'storage_encrypted', TF_RULES.RDS_CLUSTER_UNENCRYPTED, 'RDS cluster'),
    ...mustBeTrue(resourcesOfType(module, 'aws_efs_file_system'), 'encrypted', TF_RULES.EFS_UNENCRYPTED, 'EFS file system'),
    ...publicDatabases(module),
  ];
}

/** Fires when `attribute` is false or unset (the provider default is false); an expression is given the benefit of the doubt. */
function mustBeTrue(resources: TfResource[], attribute: string, rule: IacRule, what: string): Finding[] {
  return resources.flatMap((r) => {
    const value = r.values[attribute];
    if (isUnknown(value) || bool(value) === true) return [];
    const state = bool(value) === false ? `${attribute} = false` : `${attribute} is not set`;
    return [
      tfFinding({
        rule, block: r, attribute, address: r.address,
        message: `${what} ${r.address} is not encrypted at rest (${state})`,
        fix: `Set ${attribute} = true in ${r.address}${attribute === 'encrypted' ? ' and kms_key_id to a customer managed key' : ''}`,
      }),
    ];
  });
}

function publicDatabases(module: TfModule): Finding[] {
  return resourcesOfType(module, 'aws_db_instance', 'aws_rds_cluster_instance', 'aws_redshift_cluster').flatMap((r) => {
    if (bool(r.values['publicly_accessible']) !== true) return [];
    return [
      tfFinding({
        rule: TF_RULES.DB_PUBLICLY_ACCESSIBLE, block: r, attribute: 'publicly_accessible', address: r.address,
        message: `Database ${r.address} is publicly accessible (publicly_accessible = true)`,
        fix: `Set publicly_accessible = false in ${r.address} and reach it from inside the VPC`,
      }),
    ];
  });
}
