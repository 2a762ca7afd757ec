import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** An image filesystem in memory: path → file content, or a symlink. Whiteouts are ordinary empty `.wh.*` files. */
export type FileTree = Record<string, string | Buffer | { symlink: string }>;

/** A fixed mtime so a fixture layer has the same digest on every run. */
const MTIME = new Date('2024-01-01T00:00:00Z');

/** A layer tar as `docker build` writes one: parent directories first (`./`-less, trailing slash), then entries in order. */
export async function layerTar(files: FileTree): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  const dirs = new Set<string>();
  for (const path of Object.keys(files).sort()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      archive.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: MTIME });
    }
    const content = files[path];
    if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      archive.entry({ name: path, type: 'symlink', linkname: content.symlink, mode: 0o777, mtime: MTIME });
    } else {
      archive.entry({ name: path, mode: 0o644, mtime: MTIME }, typeof content === 'string' ? Buffer.from(content) : content);
    }
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export async function gzipLayerTar(files: FileTree): Promise<Buffer> {
  return gzipSync(await layerTar(files));
}

/** Reads a fixture directory (one layer's files on disk) into a FileTree. */
export async function readFileTree(dir: string): Promise<FileTree> {
  const tree: FileTree = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    tree[relative(dir, full)] = await readFile(full);
  }
  return tree;
}
