import { randomBytes } from 'node:crypto';
import { startPrivateGitHost, type PrivateGitHost } from '@tollgate/testing';
import { SbomInputError } from '../model/inventory';
import { gitFiles } from './source-tree';

describe(`${gitFiles.name} from a private git host`, () => {
  const password = `glpat-${randomBytes(12).toString('hex')}`;
  let server: PrivateGitHost;
  let commit: string;
  let repository: string;

  beforeAll(async () => {
    server = await startPrivateGitHost({ username: 'x-access-token', password });
    ({ url: repository, commit } = server.add('ui', { 'package-lock.json': '{"lockfileVersion":3,"packages":{}}' }));
  });

  afterAll(() => server.close());

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
