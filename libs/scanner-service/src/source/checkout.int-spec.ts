import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHttpServer, type GitHttpServer } from '@tollgate/testing';
import { checkoutCommit, ScanInputError, SourceUnavailableError } from './checkout';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } }).trim();

describe(`${checkoutCommit.name} from a private git host over HTTP`, () => {
  const password = `glpat-${randomBytes(12).toString('hex')}`;
  let root: string;
  let server: GitHttpServer;
  let commit: string;
  let repository: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tollgate-git-host-'));
    const work = join(root, 'work');
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', work]);
    writeFileSync(join(work, 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    git(work, 'add', '.');
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '--quiet', '-m', 'first');
    commit = git(work, 'rev-parse', 'HEAD');
    execFileSync('git', ['clone', '--quiet', '--bare', work, join(root, 'pumps.git')]);
    server = await startGitHttpServer({ root, username: 'x-access-token', password });
    repository = `${server.url}/pumps.git`;
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

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
