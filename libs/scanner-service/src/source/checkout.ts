import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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

export interface CheckedOutTree {
  dir: string;
  /** On a pull request (a base commit given): the paths the change added or modified; the scan reads only these. */
  changedPaths?: string[];
  close(): Promise<void>;
}

function gitError(error: unknown): string {
  return ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop() ?? 'git failed';
}

/** Checks a commit out into a fresh directory (git URL, file:// or a local path); on a pull request also lists what changed since its base. */
export async function checkoutCommit(repository: string, commit: string, baseCommit?: string): Promise<CheckedOutTree> {
  if (!COMMIT.test(commit)) throw new ScanInputError(`commit must be a hex object id, got ${JSON.stringify(commit.slice(0, 80))}`);
  if (baseCommit !== undefined && !COMMIT.test(baseCommit)) throw new ScanInputError(`base commit must be a hex object id, got ${JSON.stringify(baseCommit.slice(0, 80))}`);
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-scan-src-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    await run('git', ['clone', '--quiet', '--no-checkout', '--', repository, dir], { timeout: 120_000 });
    await run('git', ['-C', dir, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit]);
  } catch (error) {
    await close();
    throw new SourceUnavailableError(`cannot check out ${commit} of ${repository}: ${gitError(error)}`);
  }
  if (baseCommit === undefined) return { dir, close };
  try {
    // Added, copied, modified, renamed: a deleted file cannot hold a finding.
    const { stdout } = await run('git', ['-C', dir, 'diff', '--name-only', '-z', '--diff-filter=ACMR', baseCommit, commit], { maxBuffer: 64 * 1024 * 1024 });
    return { dir, changedPaths: stdout.split('\0').filter(Boolean), close };
  } catch (error) {
    await close();
    throw new SourceUnavailableError(`cannot compare ${commit} with its base ${baseCommit}: ${gitError(error)}`);
  }
}
