import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { SbomInputError } from '../model/inventory';

/** Only these archive members are layout files; anything else (or any `..`) is skipped, never written. */
const LAYOUT_MEMBER = /^(oci-layout|index\.json|blobs\/[a-z0-9]+\/[a-f0-9]{32,128})$/;

/**
 * Unpacks an `oci-archive:` tarball (an OCI layout in a tar) into a new temp directory, streaming each blob
 * to disk. The caller removes the directory with `remove()`.
 */
export async function unpackOciArchive(tarball: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-oci-archive-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const archive = extract();
  let lastEntry = '(none)';
  const reading = pipeline(createReadStream(tarball), archive);
  try {
    for await (const entry of archive) {
      const name = entry.header.name.replace(/^\.\//, '');
      lastEntry = name;
      if (entry.header.type !== 'file' || !LAYOUT_MEMBER.test(name)) {
        entry.resume();
        continue;
      }
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await pipeline(entry, createWriteStream(join(dir, name)));
    }
    await reading;
    return { dir, remove };
  } catch (error) {
    await reading.catch(() => undefined);
    await remove();
    if (error instanceof SbomInputError) throw error;
    throw new SbomInputError(tarball, `unreadable OCI archive after entry "${lastEntry}": ${(error as Error).message}`);
  }
}
