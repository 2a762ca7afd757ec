import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTree } from './read-tree';
import { TreeError } from './tree.error';

describe(readTree.name, () => {
  let base: string;
  let root: string;
  let outside: string;

  const put = async (path: string, content: string | Buffer): Promise<void> => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  };

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'tollgate-tree-'));
    root = join(base, 'repo');
    outside = join(base, 'outside');
    await mkdir(root);
    await mkdir(outside);
    await writeFile(join(outside, 'host-secrets.env'), 'HOST_ONLY=1\n');
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('returns every text file with a relative forward-slash path, sorted, when walking the whole tree', async () => {
    await put('main.tf', 'resource "aws_s3_bucket" "b" {}\n');
    await put('deploy/k8s/app.yaml', 'kind: Deployment\n');
    await put('Dockerfile', 'FROM node:20\n');

    const tree = await readTree(root);

    expect(tree.files).toEqual([
      { path: 'Dockerfile', content: 'FROM node:20\n' },
      { path: 'deploy/k8s/app.yaml', content: 'kind: Deployment\n' },
      { path: 'main.tf', content: 'resource "aws_s3_bucket" "b" {}\n' },
    ]);
    expect(tree.skipped).toEqual([]);
  });

  it('never reads .git, at the root or nested', async () => {
    await put('.git/config', '[core]\n');
    await put('vendor/lib/.git', 'gitdir: ../../.git/modules/lib\n');
    await put('src/app.ts', 'export {};\n');

    const tree = await readTree(root);

    expect(tree.files.map((f) => f.path)).toEqual(['src/app.ts']);
  });

  it('reports binaries and files over the size cap as skipped instead of dropping them silently', async () => {
    await put('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await put('big.json', 'x'.repeat(2048));
    await put('small.txt', 'ok\n');

    const tree = await readTree(root, { maxFileBytes: 1024 });

    expect(tree.files.map((f) => f.path)).toEqual(['small.txt']);
    expect(tree.skipped).toEqual([
      { path: 'big.json', reason: 'too-large', bytes: 2048 },
      { path: 'logo.png', reason: 'binary' },
    ]);
  });

  it('skips symlinks that lead outside the root but reads those that stay inside', async () => {
    await put('config/real.env', 'A=1\n');
    await symlink(join(outside, 'host-secrets.env'), join(root, 'escape.env'));
    await symlink(outside, join(root, 'escape-dir'));
    await symlink('config/real.env', join(root, 'alias.env'));
    await symlink('missing-target', join(root, 'dangling'));

    const tree = await readTree(root);

    expect(tree.files).toEqual([
      { path: 'alias.env', content: 'A=1\n' },
      { path: 'config/real.env', content: 'A=1\n' },
    ]);
    expect(tree.skipped).toEqual([
      { path: 'dangling', reason: 'broken-symlink' },
      { path: 'escape-dir', reason: 'symlink-outside-root' },
      { path: 'escape.env', reason: 'symlink-outside-root' },
    ]);
    expect(JSON.stringify(tree)).not.toContain('HOST_ONLY');
  });

  it('reads only the requested paths on a pull request, walking requested directories and reporting deleted ones', async () => {
    await put('infra/main.tf', 'a\n');
    await put('infra/modules/db.tf', 'b\n');
    await put('app/unchanged.ts', 'c\n');

    const tree = await readTree(root, { paths: ['./infra/main.tf', 'infra/modules/', 'infra/removed.tf', 'infra/main.tf'] });

    expect(tree.files.map((f) => f.path)).toEqual(['infra/main.tf', 'infra/modules/db.tf']);
    expect(tree.skipped).toEqual([{ path: 'infra/removed.tf', reason: 'missing' }]);
  });

  it('refuses a requested path that reaches outside the root through a symlinked directory', async () => {
    await symlink(outside, join(root, 'linked'));

    const tree = await readTree(root, { paths: ['linked/host-secrets.env'] });

    expect(tree.files).toEqual([]);
    expect(tree.skipped).toEqual([{ path: 'linked/host-secrets.env', reason: 'symlink-outside-root' }]);
  });

  it('throws PATH_OUTSIDE_ROOT naming the path when a requested path climbs out of the tree', async () => {
    const attempt = readTree(root, { paths: ['../outside/host-secrets.env'] });

    await expect(attempt).rejects.toThrow(TreeError);
    await expect(attempt).rejects.toMatchObject({ code: 'PATH_OUTSIDE_ROOT', path: '../outside/host-secrets.env' });
  });

  it('throws ROOT_NOT_FOUND naming the root when it does not exist', async () => {
    const missing = join(base, 'nope');

    await expect(readTree(missing)).rejects.toMatchObject({ code: 'ROOT_NOT_FOUND', message: expect.stringContaining(missing) });
  });

  it('throws ROOT_NOT_DIRECTORY when the root is a file', async () => {
    await expect(readTree(join(outside, 'host-secrets.env'))).rejects.toMatchObject({ code: 'ROOT_NOT_DIRECTORY' });
  });

  it('throws READ_FAILED naming the path when a symlink cannot be resolved', async () => {
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));

    await expect(readTree(root)).rejects.toMatchObject({ code: 'READ_FAILED', path: 'loop-a', message: expect.stringMatching(/^loop-a: cannot resolve: .*ELOOP/) });
  });

  it('skips a symlink to a directory inside the root, whose files are read at their real path', async () => {
    await put('modules/net.tf', 'n\n');
    await symlink('modules', join(root, 'modules-link'));

    const tree = await readTree(root);

    expect(tree.files.map((f) => f.path)).toEqual(['modules/net.tf']);
    expect(tree.skipped).toEqual([{ path: 'modules-link', reason: 'symlink-directory' }]);
  });

  it('strips a leading byte-order mark so first-line columns match an editor', async () => {
    await put('bom.yaml', '\ufeffkey: value\n');

    const tree = await readTree(root);

    expect(tree.files).toEqual([{ path: 'bom.yaml', content: 'key: value\n' }]);
  });
});
