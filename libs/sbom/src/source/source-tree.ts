import type { ExecFileOptions } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { carriesCredentials, gitEnvironment, withoutCredentials, type GitHttpCredential } from '@tollgate/git-source';
import { SbomInputError, type Inventory } from '../model/inventory';
import { LOCKFILE_KINDS } from './lockfile-catalogue';
import { mergeInventories } from './merge-inventories';

// child_process (and the stream modules it pulls in) loads only for a repository: a directory build never spawns.
async function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<{ stdout: string }> {
  const { execFile } = await import('node:child_process');
  const { stdout } = await promisify(execFile)(file, args, { ...options, encoding: 'utf8' });
  return { stdout };
}
// Vendored and installed trees hold other projects' lockfiles: what shipped is what this project's lockfiles resolved.
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', '.venv', 'venv', 'target', 'dist', 'build']);

export interface SourceFiles {
  /** Paths relative to the tree root, `/`-separated. */
  list(): Promise<string[]>;
  read(path: string): Promise<string>;
}

/** A checked-out directory. */
export function directoryFiles(root: string): SourceFiles {
  return {
    async list() {
      const out: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(join(dir, entry.name));
          else if (entry.isFile()) out.push(relative(root, join(dir, entry.name)).split('\\').join('/'));
        }
      };
      await walk(root);
      return out;
    },
    read: (path) => readFile(join(root, path), 'utf8'),
  };
}

/**
 * A git repository (URL, file:// or local path) at one commit, read without a checkout.
 * `credential` answers a private host's HTTP authentication (see @tollgate/git-source).
 */
export async function gitFiles(repository: string, commit: string, credential?: GitHttpCredential): Promise<SourceFiles & { close(): Promise<void> }> {
  if (carriesCredentials(repository)) throw new SbomInputError(withoutCredentials(repository), 'the repository URL carries credentials; give the SBOM builder a broker credential for it instead');
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) throw new SbomInputError(repository, `commit must be a hex object id, got ${JSON.stringify(commit)}`);
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-src-'));
  const home = await mkdtemp(join(tmpdir(), 'tollgate-src-home-'));
  const env = gitEnvironment(repository, home, credential);
  const close = () => Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]).then(() => undefined);
  try {
    await run('git', ['clone', '--quiet', '--bare', '--filter=blob:none', '--', repository, dir], { timeout: 120_000, env });
    await run('git', ['-C', dir, 'cat-file', '-e', `${commit}^{commit}`], { env });
  } catch (error) {
    await close();
    // A fetch failure may be the network or a commit that does not exist; git does not say which reliably, so retry.
    throw new SbomInputError(repository, `cannot read commit ${commit}: ${((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop()}`, undefined, { retryable: true });
  }
  return {
    async list() {
      const { stdout } = await run('git', ['-C', dir, 'ls-tree', '-r', '--name-only', '-z', commit], { maxBuffer: 256 * 1024 * 1024, env });
      return stdout.split('\0').filter((p) => p && !p.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)));
    },
    async read(path) {
      // A blob:none clone fetches each blob on demand, from the same host with the same credential.
      const { stdout } = await run('git', ['-C', dir, 'show', `${commit}:${path}`], { maxBuffer: 256 * 1024 * 1024, env });
      return stdout;
    },
    close,
  };
}

/** Every recognised lockfile in the tree, read and merged. No lockfile at all is an error: a manifest alone says nothing about what shipped. */
export async function inventoryOfSource(files: SourceFiles, label: string): Promise<{ inventory: Inventory; lockfiles: string[] }> {
  const paths = await files.list();
  const present = new Set(paths);
  const found: { path: string; inventory: Inventory }[] = [];
  for (const path of paths.sort()) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const kind = LOCKFILE_KINDS.find((k) => k.fileName === base);
    if (!kind) continue;
    const siblingPath = kind.sibling ? `${path.slice(0, path.length - base.length)}${kind.sibling}` : undefined;
    const sibling = siblingPath && present.has(siblingPath) ? await files.read(siblingPath) : undefined;
    found.push({ path, inventory: await kind.read(await files.read(path), path, sibling, sibling === undefined ? undefined : siblingPath) });
  }
  if (found.length === 0) throw new SbomInputError(label, `no lockfile found (looked for ${LOCKFILE_KINDS.map((k) => k.fileName).join(', ')})`);
  return { inventory: mergeInventories(found.map((f) => f.inventory)), lockfiles: found.map((f) => f.path) };
}
