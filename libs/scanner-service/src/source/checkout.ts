import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { carriesCredentials, gitEnvironment, withoutCredentials, type GitHttpCredential } from '@tollgate/git-source';

const run = promisify(execFile);
const COMMIT = /^[0-9a-f]{7,64}$/i;

/** The repository or commit could not be read; may work later (network), so the consumer retries. */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

/** A request that names no readable tree (not a commit id, no repository): retrying cannot help. */
export class ScanInputError extends Error {
  override readonly name = 'ScanInputError';
}

/** The source cannot be read and retrying will not change that (the broker refused its read credential). */
export class SourceRefusedError extends Error {
  override readonly name = 'SourceRefusedError';
}


export interface CheckedOutTree {
  dir: string;
  /** On a pull request (a base commit given): the paths the change added or modified; the scan reads only these. */
  changedPaths?: string[];
  close(): Promise<void>;
}

function gitError(error: unknown): string {
  return ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop() ?? 'git failed';
}

/**
 * Checks a commit out into a fresh directory (git URL, file:// or a local path); on a pull
 * request also lists what changed since its base. `credential` answers the host's HTTP
 * authentication challenge for this repository only.
 */
export async function checkoutCommit(repository: string, commit: string, baseCommit?: string, credential?: GitHttpCredential): Promise<CheckedOutTree> {
  if (!COMMIT.test(commit)) throw new ScanInputError(`commit must be a hex object id, got ${JSON.stringify(commit.slice(0, 80))}`);
  if (baseCommit !== undefined && !COMMIT.test(baseCommit)) throw new ScanInputError(`base commit must be a hex object id, got ${JSON.stringify(baseCommit.slice(0, 80))}`);
  if (carriesCredentials(repository)) throw new ScanInputError(`repository URL ${withoutCredentials(repository)} carries credentials; give the scanner a broker credential for it instead`);
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-scan-src-'));
  const home = await mkdtemp(join(tmpdir(), 'tollgate-scan-home-'));
  const close = () => Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]).then(() => undefined);
  const env = gitEnvironment(repository, home, credential);
  try {
    await run('git', ['clone', '--quiet', '--no-checkout', '--', repository, dir], { timeout: 120_000, env });
    await run('git', ['-C', dir, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit], { env });
  } catch (error) {
    await close();
    throw new SourceUnavailableError(`cannot check out ${commit} of ${repository}: ${gitError(error)}`);
  }
  if (baseCommit === undefined) return { dir, close };
  try {
    // Added, copied, modified, renamed: a deleted file cannot hold a finding.
    const { stdout } = await run('git', ['-C', dir, 'diff', '--name-only', '-z', '--diff-filter=ACMR', baseCommit, commit], { maxBuffer: 64 * 1024 * 1024, env });
    return { dir, changedPaths: stdout.split('\0').filter(Boolean), close };
  } catch (error) {
    await close();
    throw new SourceUnavailableError(`cannot compare ${commit} with its base ${baseCommit}: ${gitError(error)}`);
  }
}
