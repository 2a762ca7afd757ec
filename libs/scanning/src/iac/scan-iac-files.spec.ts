import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from './fixtures/fixture';
import { scanIacFiles } from './scan-iac-files';

const located = (findings: Awaited<ReturnType<typeof scanIacFiles>>) =>
  findings.map((f) => [f.ruleId, `${f.location?.path}:${f.location?.startLine}`]);

describe(scanIacFiles.name, () => {
  it('reports exactly the problems of a realistic multi-file Terraform module, in path and line order', async () => {
    const files = readdirSync(join(__dirname, 'fixtures/terraform-module')).map((name) => fixture(`terraform-module/${name}`));
    expect(located(await scanIacFiles(files))).toEqual([
      ['TG-TF-004', 'terraform-module/access.tf:14'],
      ['TG-TF-019', 'terraform-module/database.tf:1'],
      ['TG-TF-014', 'terraform-module/database.tf:10'],
      ['TG-TF-018', 'terraform-module/database.tf:14'],
      ['TG-TF-005', 'terraform-module/iam.tf:16'],
      ['TG-TF-006', 'terraform-module/network.tf:19'],
      ['TG-TF-012', 'terraform-module/storage.tf:22'],
      ['TG-TF-003', 'terraform-module/storage.tf:26'],
      ['TG-TF-012', 'terraform-module/storage.tf:26'],
      ['TG-TF-015', 'terraform-module/storage.tf:26'],
      ['TG-TF-002', 'terraform-module/storage.tf:32'],
    ]);
  });

  it('reports exactly the problems of a multi-document Kubernetes manifest, including a List', async () => {
    const findings = await scanIacFiles([fixture('kubernetes-manifest/pump-telemetry.yaml')]);
    expect(findings.map((f) => [f.ruleId, f.location?.startLine, f.properties?.['resource']])).toEqual([
      ['TG-K8S-009', 46, 'Deployment/pumps/telemetry-api/containers/log-forwarder'],
      ['TG-K8S-011', 47, 'Deployment/pumps/telemetry-api/containers/log-forwarder'],
      ['TG-K8S-010', 79, 'CronJob/pumps/retention/containers/prune'],
      ['TG-K8S-007', 81, 'CronJob/pumps/retention/containers/prune'],
      ['TG-K8S-003', 106, 'DaemonSet/monitoring/node-exporter/hostNetwork'],
      ['TG-K8S-004', 107, 'DaemonSet/monitoring/node-exporter/hostPID'],
      ['TG-K8S-006', 128, 'DaemonSet/monitoring/node-exporter/volumes/proc'],
    ]);
  });

  it('keeps fingerprints when unrelated lines move, and changes them for another resource or file', async () => {
    const original = fixture('terraform/tg-tf-001/positive.tf');
    const shifted = { ...original, content: `# owner: platform\n# reviewed: yes\n\n${original.content}` };
    const [before, after] = await Promise.all([scanIacFiles([original]), scanIacFiles([shifted])]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(after.map((f) => f.location!.startLine)).toEqual(before.map((f) => f.location!.startLine + 3));
    expect(new Set(before.map((f) => f.fingerprint)).size).toBe(before.length);
    const moved = await scanIacFiles([{ ...original, path: 'other/positive.tf' }]);
    expect(moved.map((f) => f.fingerprint)).not.toContain(before[0]!.fingerprint);
    expect(before[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores files that are not IaC: other YAML and JSON, Helm templates, Markdown', async () => {
    const findings = await scanIacFiles([
      { path: '.github/workflows/ci.yml', content: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' },
      { path: 'package.json', content: '{"name": "x", "format_version": "1"}' },
      { path: 'chart/templates/deploy.yaml', content: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n' },
      { path: 'docs/Dockerfile.md', content: 'FROM ubuntu\n' },
      { path: 'README.md', content: 'resource "aws_s3_bucket" "x" {}' },
    ]);
    expect(findings).toEqual([]);
  });

  it('returns no findings for no files', async () => {
    await expect(scanIacFiles([])).resolves.toEqual([]);
  });
});

describe(`${scanIacFiles.name} on files it cannot parse`, () => {
  const parseErrors = async (files: { path: string; content: string }[]) =>
    (await scanIacFiles(files)).filter((f) => f.ruleId === 'TG-PARSE-001').map((f) => [f.location?.path, f.location?.startLine, f.location?.startColumn, f.severity]);

  it('reports a Terraform syntax error at its position and still scans the rest of the module', async () => {
    const broken = { path: 'infra/broken.tf', content: 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n' };
    const good = { path: 'infra/iam.tf', content: 'resource "aws_iam_policy" "p" {\n  policy = "{\\"Statement\\":{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}}"\n}\n' };
    const findings = await scanIacFiles([broken, good]);
    expect(await parseErrors([broken, good])).toEqual([['infra/broken.tf', 2, 12, 'high']]);
    expect(findings.find((f) => f.ruleId === 'TG-PARSE-001')!.message).toBe(
      'Terraform file infra/broken.tf cannot be parsed at line 2: Invalid expression; none of it was scanned',
    );
    expect(findings.map((f) => f.ruleId)).toContain('TG-TF-005');
  });

  it('reports invalid plan JSON and a plan of the wrong shape at the offending position', async () => {
    const truncated = { path: 'plan/tfplan.json', content: '{\n  "format_version": "1.2",\n  "planned_values": {\n    "root_module": {\n' };
    const wrongShape = {
      path: 'plan/shape.json',
      content: '{\n  "format_version": "1.2",\n  "planned_values": {\n    "root_module": {\n      "resources": [\n        { "mode": "managed", "type": "aws_s3_bucket", "name": "b" }\n      ]\n    }\n  }\n}\n',
    };
    expect(await parseErrors([truncated])).toEqual([['plan/tfplan.json', 5, 1, 'high']]);
    expect(await parseErrors([wrongShape])).toEqual([['plan/shape.json', 6, 9, 'high']]);
    const [shapeError] = await scanIacFiles([wrongShape]);
    expect(shapeError!.message).toContain('planned_values.root_module.resources.0.address');
  });

  it('reports a broken document of a multi-document manifest at its line and column, and scans the others', async () => {
    const manifest = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: ok', 'spec:', '  hostPID: true', '  containers: []',
      '---',
      'apiVersion: v1', 'kind: Pod', 'spec:', '  containers: [', '  - name: x',
    ].join('\n');
    const file = { path: 'k8s/pods.yaml', content: manifest };
    expect(await parseErrors([file])).toEqual([['k8s/pods.yaml', 13, 3, 'high']]);
    expect((await scanIacFiles([file])).map((f) => [f.ruleId, f.location?.startLine])).toEqual([
      ['TG-K8S-013', 5],
      ['TG-K8S-004', 6],
      ['TG-PARSE-001', 13],
    ]);
  });

  it('reports a Dockerfile without FROM at line 1', async () => {
    expect(await parseErrors([{ path: 'images/Dockerfile.worker', content: '# TODO\nRUN echo hi\n' }])).toEqual([['images/Dockerfile.worker', 1, 1, 'high']]);
  });

  it('does not echo the source text around the error, which may hold a secret', async () => {
    const secret = ['EXAMPLE', 'not', 'a', 'real', 'password'].join('-');
    const findings = await scanIacFiles([
      { path: 'k8s/secret.yaml', content: `apiVersion: v1\nkind: Pod\nspec:\n  password: "${secret}\n  other: 1\n` },
      { path: 'main.tf', content: `provider "aws" {\n  secret_key = "${secret}\n}\n` },
    ]);
    expect(findings.map((f) => f.ruleId)).toEqual(['TG-PARSE-001', 'TG-PARSE-001']);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });
});
