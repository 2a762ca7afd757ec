import { iacFileType, isIacPath } from './iac-path';

describe(isIacPath.name, () => {
  it.each(['main.tf', 'infra/prod/network.tf', 'k8s/deploy.yaml', 'k8s/deploy.yml', 'plan/tfplan.json', 'Dockerfile', 'images/api.Dockerfile', 'Dockerfile.prod', 'Containerfile'])(
    'accepts %s',
    (path) => expect(isIacPath(path)).toBe(true),
  );
  it.each(['README.md', 'src/main.ts', 'Dockerfile.md', 'Dockerfile.dockerignore', '.dockerignore', 'main.tf.bak'])('rejects %s', (path) => expect(isIacPath(path)).toBe(false));
});

describe(iacFileType.name, () => {
  it('decides YAML and JSON by content', () => {
    expect(iacFileType('a.yaml', 'apiVersion: v1\nkind: Pod\n')).toBe('kubernetes');
    expect(iacFileType('a.yaml', 'on: push\n')).toBeUndefined();
    expect(iacFileType('a.json', '{"format_version":"1.2","planned_values":{}}')).toBe('terraform-plan');
    expect(iacFileType('a.json', '{"format_version":"1.2"}')).toBeUndefined();
    expect(iacFileType('x/Dockerfile.worker', 'FROM alpine')).toBe('dockerfile');
    expect(iacFileType('x/vars.tf', '')).toBe('terraform');
  });
});
