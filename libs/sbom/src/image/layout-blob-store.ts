import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { SbomInputError } from '../model/inventory';
import type { BlobStore, RootDocument } from './blob-store';
import { readWhole, verifyingStream } from './blob-store';
import type { Descriptor } from './oci-manifest';

/** Reads an OCI image-layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`). */
export class LayoutBlobStore implements BlobStore {
  /** @param label how the layout is named in errors (the directory, or `<tarball>!` for an extracted archive). */
  constructor(
    private readonly dir: string,
    private readonly label: string = dir,
  ) {}

  where(digest: string): string {
    const [alg, hex] = digest.split(':');
    return `${this.label}/blobs/${alg}/${hex}`;
  }

  async readRoot(): Promise<RootDocument> {
    const file = `${this.label}/index.json`;
    const bytes = await readFile(join(this.dir, 'index.json')).catch((error: NodeJS.ErrnoException) => {
      throw new SbomInputError(file, error.code === 'ENOENT' ? 'missing: not an OCI image layout' : error.message);
    });
    const layout = await readFile(join(this.dir, 'oci-layout'), 'utf8').catch(() => undefined);
    if (layout !== undefined && !/"imageLayoutVersion"\s*:/.test(layout)) {
      throw new SbomInputError(`${this.label}/oci-layout`, 'has no imageLayoutVersion');
    }
    return { bytes, file };
  }

  async readManifest(descriptor: Descriptor): Promise<Buffer> {
    return readWhole(await this.openBlob(descriptor));
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    const file = this.where(descriptor.digest);
    const [alg, hex] = descriptor.digest.split(':');
    const path = join(this.dir, 'blobs', alg, hex);
    await stat(path).catch(() => {
      throw new SbomInputError(file, `blob ${descriptor.digest} is missing from the layout`);
    });
    const verifier = verifyingStream(descriptor, file);
    // pipeline (not pipe) so a read error reaches the reader of the verified stream.
    pipeline(createReadStream(path), verifier, () => undefined);
    return verifier;
  }
}
