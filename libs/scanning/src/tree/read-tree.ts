import { type Dirent } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, sep } from 'node:path';
import { TreeError } from './tree.error';

/** One text file of the scanned tree. */
export interface TreeFile {
  /** Relative to the root, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

export type SkipReason = 'too-large' | 'binary' | 'symlink-outside-root' | 'symlink-directory' | 'broken-symlink' | 'missing' | 'not-a-file';

/** A file the scanners did not see, and why: a report shows these rather than dropping them silently. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  /** Size on disk, for `too-large`. */
  readonly bytes?: number;
}

export interface TreeContents {
  /** The root after resolving symlinks. */
  readonly root: string;
  readonly files: TreeFile[];
  readonly skipped: SkippedFile[];
}

export interface ReadTreeOptions {
  /** Only these paths (relative to the root; directories are walked), e.g. the files a pull request changed. */
  readonly paths?: readonly string[];
  /** Files larger than this are reported as skipped. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  readonly maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
// Git's own heuristic: a NUL byte in the first 8000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads the text files under `root` for the scanners: never `.git`, never binaries, never
 * a file reached through a symlink that leaves the root (a crafted repository must not make
 * us read the runner's own files).
 */
export async function readTree(root: string, options: ReadTreeOptions = {}): Promise<TreeContents> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) throw new TypeError(`maxFileBytes must be a positive integer, got ${String(maxFileBytes)}`);
  const realRoot = await resolveRoot(root);
  const reader = new TreeReader(realRoot, maxFileBytes);
  if (options.paths === undefined) await reader.walk('');
  else for (const path of uniqueRelativePaths(root, options.paths)) await reader.visitRequested(path);
  return { root: realRoot, files: uniqueSorted(reader.files), skipped: uniqueSorted(reader.skipped) };
}

// Requested paths may overlap (`src` and `src/main.tf`): each file once, in path order.
function uniqueSorted<T extends { path: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.path, item])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function resolveRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (error) {
    throw new TreeError('ROOT_NOT_FOUND', root, 'tree root does not exist', { cause: error });
  }
  if (!(await stat(real)).isDirectory()) throw new TreeError('ROOT_NOT_DIRECTORY', root, 'tree root is not a directory');
  return real;
}

function uniqueRelativePaths(root: string, paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of paths) {
    const normalized = posix.normalize(raw).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (raw === '' || isAbsolute(raw) || normalized === '..' || normalized.startsWith('../')) {
      throw new TreeError('PATH_OUTSIDE_ROOT', raw, `requested path is not inside the tree ${root}`);
    }
    if (normalized === '.' || normalized === '') out.add('');
    else if (!normalized.split('/').includes('.git')) out.add(normalized);
  }
  return [...out];
}

const isMissing = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

class TreeReader {
  readonly files: TreeFile[] = [];
  readonly skipped: SkippedFile[] = [];

  constructor(
    private readonly root: string,
    private readonly maxFileBytes: number,
  ) {}

  async walk(dir: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.abs(dir), { withFileTypes: true });
    } catch (error) {
      throw new TreeError('READ_FAILED', dir || '.', `cannot list directory: ${(error as Error).message}`, { cause: error });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === '.git') continue;
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.walk(path);
      else if (entry.isSymbolicLink()) await this.visitSymlink(path);
      else if (entry.isFile()) await this.readFile(path, this.abs(path));
      else this.skipped.push({ path, reason: 'not-a-file' });
    }
  }

  /** A caller-named path may pass through symlinked directories, so its real location is always checked. */
  async visitRequested(path: string): Promise<void> {
    if (path === '') return this.walk('');
    let info;
    try {
      info = await lstat(this.abs(path));
    } catch (error) {
      if (isMissing(error)) return void this.skipped.push({ path, reason: 'missing' });
      throw new TreeError('READ_FAILED', path, (error as Error).message, { cause: error });
    }
    if (info.isSymbolicLink()) return this.visitSymlink(path);
    const real = await this.realInsideRoot(path);
    if (real === undefined) return;
    if (info.isDirectory()) return this.walk(posix.normalize(real.slice(this.root.length + 1).split(sep).join('/')));
    if (info.isFile()) return this.readFile(path, real);
    this.skipped.push({ path, reason: 'not-a-file' });
  }

  private async visitSymlink(path: string): Promise<void> {
    const real = await this.realInsideRoot(path);
    if (real === undefined) return;
    const target = await stat(real);
    if (target.isDirectory()) this.skipped.push({ path, reason: 'symlink-directory' });
    else if (target.isFile()) await this.readFile(path, real);
    else this.skipped.push({ path, reason: 'not-a-file' });
  }

  /** The resolved location, or undefined (and a skip recorded) when it is broken or outside the root. */
  private async realInsideRoot(path: string): Promise<string | undefined> {
    let real: string;
    try {
      real = await realpath(this.abs(path));
    } catch (error) {
      if (isMissing(error)) return void this.skipped.push({ path, reason: 'broken-symlink' });
      throw new TreeError('READ_FAILED', path, `cannot resolve: ${(error as Error).message}`, { cause: error });
    }
    if (real !== this.root && !real.startsWith(this.root + sep)) return void this.skipped.push({ path, reason: 'symlink-outside-root' });
    return real;
  }

  private async readFile(path: string, absolute: string): Promise<void> {
    let buffer: Buffer;
    try {
      const { size } = await stat(absolute);
      if (size > this.maxFileBytes) return void this.skipped.push({ path, reason: 'too-large', bytes: size });
      buffer = await readFile(absolute);
    } catch (error) {
      throw new TreeError('READ_FAILED', path, `cannot read file: ${(error as Error).message}`, { cause: error });
    }
    // The file may have grown between stat and read.
    if (buffer.length > this.maxFileBytes) return void this.skipped.push({ path, reason: 'too-large', bytes: buffer.length });
    if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return void this.skipped.push({ path, reason: 'binary' });
    const text = buffer.toString('utf8');
    // A BOM would shift every column on the first line.
    this.files.push({ path, content: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
  }

  private abs(path: string): string {
    return path ? join(this.root, ...path.split('/')) : this.root;
  }
}
