import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHttpServer, type GitHttpServer } from '@tollgate/testing';
import { SbomInputError } from '../model/inventory';
import { gitFiles } from './source-tree';

describe(`${gitFiles.name} from a private git host`, () => {
  const password = `glpat-${randomBytes(12).toString('hex')}`;
  let root: string;
  let server: GitHttpServer;
  let commit: string;
  let repository: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tollgate-sbom-git-'));
    const work = join(root, 'work');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8' }).trim();
    execFileSync('git', ['init', '--quiet', work]);
    writeFileSync(join(work, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    git('add', '.');
    git('-c', 'user.name=ci', '-c', 'user.email=ci@example.internal', 'commit', '--quiet', '-m', 'lock');
    commit = git('rev-parse', 'HEAD');
    execFileSync('git', ['clone', '--quiet', '--bare', work, join(root, 'ui.git')]);
    server = await startGitHttpServer({ root, username: 'x-access-token', password });
    repository = `${server.url}/ui.git`;
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists and reads the commit with the credential, fetching blobs on demand from the same host', async () => {
    const files = await gitFiles(repository, commit, { username: 'x-access-token', password });
    try {
      expect(await files.list()).toEqual(['package-lock.json']);
      expect(await files.read('package-lock.json')).toContain('lockfileVersion');
    } finally {
      await files.close();
    }
  });

  it('fails as retryable without the credential, and refuses a URL carrying one without repeating it', async () => {
    const anonymous = await gitFiles(repository, commit).catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(SbomInputError);
    expect((anonymous as SbomInputError).retryable).toBe(true);
    const inUrl = await gitFiles(repository.replace('http://', `http://x-access-token:${password}@`), commit).catch((e: unknown) => e);
    expect(inUrl).toBeInstanceOf(SbomInputError);
    expect((inUrl as SbomInputError).retryable).toBe(false);
    expect((inUrl as Error).message).not.toContain(password);
  });
});
