import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: this file sits at libs/sbom/src/lockfiles/npm/testing. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..', '..', '..');

/** A real project (1,096 packages: package.json and the lockfile npm resolved for it), copied into the repository so any checkout has it. */
export const LARGE_NPM_SOURCE = resolve(__dirname, '..', 'fixtures', 'large');

/**
 * Kept between runs and between checkouts of this repository on one machine (the
 * install needs the network and takes a minute): the user's cache folder, or
 * `.tollgate/cache` when there is no home directory. TOLLGATE_CACHE_DIR overrides.
 */
export const LARGE_NPM_CACHE = join(process.env.TOLLGATE_CACHE_DIR ?? (homedir() ? join(homedir(), '.cache', 'tollgate') : join(REPO_ROOT, '.tollgate', 'cache')), 'large-npm');

/** Written last, so a half-finished install is never reused. Holds the SHA-256 of the lockfile installed from. */
const READY_MARKER = '.installed-from-lock.sha256';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The large npm project with its node_modules installed (what `cyclonedx-npm` needs), in a cache folder
 * that survives between runs. Reused while it was installed from the same package-lock.json; otherwise
 * rebuilt with `npm install --ignore-scripts` (npm ci refuses this lockfile: it does not record every
 * platform-specific optional package). Returns the project directory.
 */
export async function prepareLargeNpmTree(source = LARGE_NPM_SOURCE, cache = LARGE_NPM_CACHE): Promise<string> {
  const wanted = sha256(await readFile(join(source, 'package-lock.json')));
  const marker = join(cache, READY_MARKER);
  if ((await exists(marker)) && (await readFile(marker, 'utf8')).trim() === wanted) return cache;

  // Install beside the cache and swap it in, so a concurrent reader never sees a partial tree.
  const building = `${cache}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) await copyFile(join(source, file), join(building, file));
  await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: building, maxBuffer: 64 * 1024 * 1024 });
  await writeFile(join(building, READY_MARKER), `${wanted}\n`);
  await rm(cache, { recursive: true, force: true });
  await rename(building, cache);
  return cache;
}
