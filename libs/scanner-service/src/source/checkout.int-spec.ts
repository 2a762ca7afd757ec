import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrivateGitHost, type PrivateGitHost } from '@tollgate/testing';
import { checkoutCommit, ScanInputError, SourceUnavailableError } from './checkout';

describe(`${checkoutCommit.name} from a private git host over HTTP`, () => {
  const password = `glpat-${randomBytes(12).toString('hex')}`;
  let server: PrivateGitHost;
  let commit: string;
  let repository: string;

  beforeAll(async () => {
    server = await startPrivateGitHost({ username: 'x-access-token', password });
    ({ url: repository, commit } = server.add('pumps', { 'main.tf': 'resource "aws_s3_bucket" "b" {}\n' }));
  });

  afterAll(() => server.close());

  it('checks the commit out with the credential, answering the host through a helper so nothing puts it in the URL', async () => {
    const tree = await checkoutCommit(repository, commit, undefined, { username: 'x-access-token', password });
    try {
      expect(readFileSync(join(tree.dir, 'main.tf'), 'utf8')).toContain('aws_s3_bucket');
      expect(readFileSync(join(tree.dir, '.git', 'config'), 'utf8')).not.toContain(password);
      expect(server.requests.some((r) => r.authorized)).toBe(true);
      expect(server.requests.every((r) => !r.path.includes(password))).toBe(true);
    } finally {
      await tree.close();
    }
  });

  it('fails as unavailable without asking anyone for a password when no credential, or a wrong one, is given', async () => {
    const anonymous = await checkoutCommit(repository, commit).catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(SourceUnavailableError);
    expect((anonymous as Error).message).toMatch(/could not read Username|Authentication failed|terminal prompts disabled/);

    const wrong = await checkoutCommit(repository, commit, undefined, { username: 'x-access-token', password: `${password}x` }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SourceUnavailableError);
    expect((wrong as Error).message).toMatch(/Authentication failed/);
    expect((wrong as Error).message).not.toContain(password);
  });

  it('refuses a repository URL that carries credentials itself, without repeating them', async () => {
    const refused = await checkoutCommit(repository.replace('http://', `http://x-access-token:${password}@`), commit).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScanInputError);
    expect((refused as Error).message).toBe(`repository URL ${repository} carries credentials; give the scanner a broker credential for it instead`);
  });
});
