import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OsvLoadError } from '../osv.error';
import { LoadSession, type OsvLoadOptions } from './load-session';

/** Every `*.json` under `dir`, recursively (symlinks followed, each directory once), in path order. */
export async function readOsvDirectory(dir: string, options: OsvLoadOptions): Promise<LoadSession> {
  const session = new LoadSession(dir, options);
  const visited = new Set<string>();
  const walk = async (current: string): Promise<void> => {
    const real = await realpath(current);
    if (visited.has(real)) return;
    visited.add(real);
    const names = (await readdir(current)).sort();
    for (const name of names) {
      const path = join(current, name);
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else if (info.isFile() && name.toLowerCase().endsWith('.json')) session.accept(await readFile(path, 'utf8'), path);
    }
  };
  try {
    await walk(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OsvLoadError('OSV_SOURCE_UNREADABLE', dir, `cannot read the advisory directory, nothing loaded: ${reason}`, [], { cause: error });
  }
  return session;
}
