import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileTree } from '@tollgate/testing';
import { layerTar } from '@tollgate/testing';

/** Tars an OCI layout directory as `skopeo copy … oci-archive:` does: oci-layout, index.json, blobs/sha256/*. */
export async function writeOciArchive(layoutDir: string, tarball: string): Promise<void> {
  const tree: FileTree = {
    'oci-layout': await readFile(join(layoutDir, 'oci-layout')),
    'index.json': await readFile(join(layoutDir, 'index.json')),
  };
  for (const name of await readdir(join(layoutDir, 'blobs', 'sha256'))) {
    tree[`blobs/sha256/${name}`] = await readFile(join(layoutDir, 'blobs', 'sha256', name));
  }
  await writeFile(tarball, await layerTar(tree));
}
