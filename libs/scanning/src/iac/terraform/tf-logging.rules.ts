import { type Finding } from '../../findings/finding';
import { TF_RULES } from './terraform-rule-catalogue';
import { tfFinding } from './tf-finding';
import { bool, isUnknown, resourcesOfType, type TfModule } from './tf-model';

/** TG-TF-016…019: CloudTrail off, single-region or unvalidated; RDS logs not exported. */
export function checkLogging(module: TfModule): Finding[] {
  const findings: Finding[] = [];
  for (const trail of resourcesOfType(module, 'aws_cloudtrail')) {
    const v = trail.values;
    if (bool(v['enable_logging']) === false) {
      findings.push(
        tfFinding({
          rule: TF_RULES.CLOUDTRAIL_LOGGING_DISABLED, block: trail, attribute: 'enable_logging', address: trail.address,
          message: `CloudTrail ${trail.address} has logging disabled (enable_logging = false)`,
          fix: `Set enable_logging = true in ${trail.address}`,
        }),
      );
    }
    if (!isUnknown(v['is_multi_region_trail']) && bool(v['is_multi_region_trail']) !== true) {
      findings.push(
        tfFinding({
          rule: TF_RULES.CLOUDTRAIL_SINGLE_REGION, block: trail, attribute: 'is_multi_region_trail', address: trail.address,
          message: `CloudTrail ${trail.address} records one region only (is_multi_region_trail is not true)`,
          fix: `Set is_multi_region_trail = true in ${trail.address}`,
        }),
      );
    }
    if (!isUnknown(v['enable_log_file_validation']) && bool(v['enable_log_file_validation']) !== true) {
      findings.push(
        tfFinding({
          rule: TF_RULES.CLOUDTRAIL_NO_LOG_VALIDATION, block: trail, attribute: 'enable_log_file_validation', address: trail.address,
          message: `CloudTrail ${trail.address} does not validate log files (enable_log_file_validation is not true)`,
          fix: `Set enable_log_file_validation = true in ${trail.address}`,
        }),
      );
    }
  }
  for (const db of resourcesOfType(module, 'aws_db_instance', 'aws_rds_cluster')) {
    const exports = db.values['enabled_cloudwatch_logs_exports'];
    if (isUnknown(exports) || (Array.isArray(exports) && exports.length > 0)) continue;
    findings.push(
      tfFinding({
        rule: TF_RULES.RDS_NO_LOG_EXPORTS, block: db, attribute: 'enabled_cloudwatch_logs_exports', address: db.address,
        message: `Database ${db.address} exports no logs to CloudWatch (enabled_cloudwatch_logs_exports is empty or not set)`,
        fix: `Set enabled_cloudwatch_logs_exports in ${db.address} to the engine's log types, e.g. ["postgresql"] or ["audit", "error", "slowquery"]`,
      }),
    );
  }
  return findings;
}
