import { IacParseError } from '../iac-parse-error';
import { locateHclBlocks } from './hcl-locator';
import { parseHclFile } from './hcl-source';

describe(locateHclBlocks.name, () => {
  it('finds blocks and attributes past strings, templates, heredocs and comments that contain braces', () => {
    const text = [
      'resource "aws_iam_policy" "p" {', //  1
      '  name = "a } b { c"', //            2
      '  description = "${join("}", ["{"])}" # } {', // 3
      '  policy = <<-EOT', //               4
      '    resource "fake" "x" {', //       5
      '    EOT', //                         6
      '  /* tags = { } */', //              7
      '  tags = { Name = "x", Team = "y" }', // 8
      '  lifecycle { ignore_changes = [tags] }', // 9
      '}', //                                10
      'data "aws_caller_identity" "me" {}', // 11
    ].join('\n');
    const [resource, data] = locateHclBlocks(text);
    expect(resource).toMatchObject({ type: 'resource', labels: ['aws_iam_policy', 'p'], at: { line: 1, column: 1 } });
    expect(Object.fromEntries([...resource!.attributes].map(([k, v]) => [k, v.line]))).toEqual({ name: 2, description: 3, policy: 4, tags: 8 });
    expect(resource!.blocks.map((b) => [b.type, b.at.line, [...b.attributes.keys()]])).toEqual([['lifecycle', 9, ['ignore_changes']]]);
    expect(data).toMatchObject({ type: 'data', labels: ['aws_caller_identity', 'me'], at: { line: 11, column: 1 } });
  });
});

describe(parseHclFile.name, () => {
  it('evaluates jsonencode arguments into the object they encode', async () => {
    const module = await parseHclFile('iam.tf', 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = aws_s3_bucket.b.arn }] })\n}\n');
    expect(module.resources[0]!.values['policy']).toEqual({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '${aws_s3_bucket.b.arn}' }] });
  });

  it('lists the resources an attribute refers to', async () => {
    const module = await parseHclFile('s3.tf', 'resource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = data.aws_iam_policy_document.d.json\n}\n');
    expect(module.resources[0]!.references('bucket')).toEqual(['aws_s3_bucket.b']);
    expect(module.resources[0]!.references('policy')).toEqual(['data.aws_iam_policy_document.d']);
  });

  it('rejects invalid HCL with IacParseError naming the file, line and column', async () => {
    const attempt = parseHclFile('modules/net/main.tf', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n');
    await expect(attempt).rejects.toThrow(IacParseError);
    await expect(attempt).rejects.toMatchObject({ code: 'IAC_PARSE_ERROR', path: 'modules/net/main.tf', line: 1, column: 27, reason: 'Unclosed configuration block' });
  });
});
