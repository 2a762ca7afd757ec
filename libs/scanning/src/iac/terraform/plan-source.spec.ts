import { IacParseError } from '../iac-parse-error';
import { fixture } from '../fixtures/fixture';
import { scanIacFiles } from '../scan-iac-files';
import { looksLikeTerraformPlan, parsePlanFile } from './plan-source';
import { UNKNOWN } from './tf-model';

describe(parsePlanFile.name, () => {
  it('points at the attribute by line and column in a one-line plan, as terraform show -json writes it', async () => {
    const { content } = fixture('terraform-plan/tg-tf-005/positive.json');
    const oneLine = JSON.stringify(JSON.parse(content));
    const [finding] = await scanIacFiles([{ path: 'tfplan.json', content: oneLine }]);
    expect(finding).toMatchObject({ ruleId: 'TG-TF-005', location: { path: 'tfplan.json', startLine: 1, startColumn: oneLine.indexOf('"policy"') + 1 } });
  });

  it('reads resource_changes when the plan has no planned_values', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_ebs_volume.old', mode: 'managed', type: 'aws_ebs_volume', name: 'old', change: { actions: ['delete'], before: {}, after: null } },
        { address: 'aws_ebs_volume.new', mode: 'managed', type: 'aws_ebs_volume', name: 'new', change: { actions: ['create'], after: { encrypted: false } } },
      ],
    };
    const module = parsePlanFile('plan.json', JSON.stringify(plan, null, 2));
    expect(module.resources.map((r) => r.address)).toEqual(['aws_ebs_volume.new']);
    expect(module.resources[0]!.locate('encrypted')).toEqual({ path: 'plan.json', startLine: 27, startColumn: 11 });
  });

  it('marks values known only after apply, so rules about missing settings give them the benefit of the doubt', () => {
    const module = parsePlanFile('plan.json', fixture('terraform-plan/tg-tf-009/negative.json').content);
    expect(module.resources[0]!.values['encrypted']).toBe(UNKNOWN);
  });

  it('resolves references inside a child module to module-qualified addresses', () => {
    const module = parsePlanFile('plan.json', fixture('terraform-plan/tg-tf-003/negative.json').content);
    const block = module.resources.find((r) => r.address === 'module.storage.aws_s3_bucket_public_access_block.this[0]')!;
    expect(block.references('bucket')).toEqual(['module.storage.aws_s3_bucket.this']);
  });

  it('throws IacParseError with the path and position of invalid JSON', () => {
    const attempt = () => parsePlanFile('plans/tfplan.json', '{"format_version": "1.2", "planned_values": {"root_module": {"resources": [}}}');
    expect(attempt).toThrow(IacParseError);
    expect(attempt).toThrow('plans/tfplan.json:1:76: cannot parse Terraform plan JSON: invalid JSON (ValueExpected)');
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'IAC_PARSE_ERROR', path: 'plans/tfplan.json', line: 1, column: 76 });
    }
  });
});

describe(looksLikeTerraformPlan.name, () => {
  it('recognises a plan by its format_version and planned_values or resource_changes', () => {
    expect(looksLikeTerraformPlan('{"format_version":"1.2","planned_values":{}}')).toBe(true);
    expect(looksLikeTerraformPlan('{"format_version":"1.2","resource_changes":[]}')).toBe(true);
    expect(looksLikeTerraformPlan('{"format_version":"1.0","values":{}}')).toBe(false);
    expect(looksLikeTerraformPlan('{"name":"tollgate","version":"0.1.0"}')).toBe(false);
  });
});
