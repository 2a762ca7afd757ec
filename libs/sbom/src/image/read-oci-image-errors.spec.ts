import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SbomInputError } from '../model/inventory';
import { readOciImage } from './read-oci-image';
import { writeDebianImage } from './testing/fixture-images';
import { writeOciLayout } from '@tollgate/testing';

const blobPath = (layout: string, digest: string) => `${layout}/blobs/sha256/${digest.slice('sha256:'.length)}`;

async function inputError(promise: Promise<unknown>): Promise<SbomInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SbomInputError)) throw new Error(`expected an SbomInputError, got ${String(error)}`);
  return error;
}

describe(readOciImage.name, () => {
  let layout: string;
  beforeEach(async () => {
    layout = await mkdtemp(join(tmpdir(), 'oci-errors-spec-'));
  });
  afterEach(async () => rm(layout, { recursive: true, force: true }));

  it('names the blob and byte offset of a gzip layer cut short (digest matching the cut bytes)', async () => {
    const built = await writeDebianImage(layout, {}, { index: 0, mangle: (blob) => blob.subarray(0, 400) });

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error.file).toBe(blobPath(layout, built.layerDigests[0]));
    expect(error.reason).toMatch(/^truncated or corrupt layer at byte 400 of the blob, after tar entry ".*": unexpected end of file$/);
  });

  it('names the last tar entry of a plain tar layer cut short', async () => {
    const built = await writeDebianImage(layout, {}, { index: 1, mangle: (blob) => blob.subarray(0, 2600) });

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error.file).toBe(blobPath(layout, built.layerDigests[1]));
    expect(error.reason).toMatch(/^truncated or corrupt layer at byte 2600 of the blob, after tar entry "app\/node_modules\/.+": Unexpected end of data$/);
  });

  it('refuses a blob whose bytes no longer match its digest', async () => {
    const built = await writeDebianImage(layout);
    const path = blobPath(layout, built.layerDigests[2]);
    const bytes = await readFile(path);
    bytes[20] ^= 0xff;
    await writeFile(path, bytes);

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error.file).toBe(path);
    expect(error.reason).toMatch(new RegExp(`^content digest is sha256:[a-f0-9]{64}, expected ${built.layerDigests[2]}$`));
  });

  it('names the layer, file and line of a malformed dpkg status', async () => {
    const status = 'Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nArchitecture: amd64\nthis line is not a field\n';
    const built = await writeOciLayout(layout, { image: { layers: [{ files: { 'var/lib/dpkg/status': status } }] } });

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error.file).toBe(`layers[0]@${built.layerDigests[0]}/var/lib/dpkg/status`);
    expect(error.position).toEqual({ line: 5, column: 1 });
  });

  it('names the stanza line of an installed package without a Version', async () => {
    const status = 'Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n\nPackage: libc6\nStatus: install ok installed\nArchitecture: amd64\n';
    const built = await writeOciLayout(layout, { image: { layers: [{ files: { 'var/lib/dpkg/status': status } }] } });

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error).toEqual(new SbomInputError(`layers[0]@${built.layerDigests[0]}/var/lib/dpkg/status`, 'package stanza has no Version', { line: 1 }));
  });

  it('places a broken package.json at its line and column', async () => {
    const built = await writeOciLayout(layout, { image: { layers: [{ files: { 'app/node_modules/ms/package.json': '{\n  "name": "ms",\n  "version": 2.1.2\n}\n' } }] } });

    const error = await inputError(readOciImage({ layoutDir: layout }));

    expect(error.file).toBe(`layers[0]@${built.layerDigests[0]}/app/node_modules/ms/package.json`);
    expect(error.position).toEqual({ line: 3, column: 17 });
  });

  it('reports an unreadable jar only while it is in the final filesystem', async () => {
    const broken = { 'app/lib/broken-1.0.jar': 'not a zip at all' };
    const built = await writeOciLayout(layout, { image: { layers: [{ files: broken }] } });
    const error = await inputError(readOciImage({ layoutDir: layout }));
    expect(error.file).toBe(`layers[0]@${built.layerDigests[0]}/app/lib/broken-1.0.jar`);

    const removed = await mkdtemp(join(tmpdir(), 'oci-errors-spec-'));
    try {
      await writeOciLayout(removed, { image: { layers: [{ files: broken }, { files: { 'app/lib/.wh.broken-1.0.jar': '' } }] } });
      await expect(readOciImage({ layoutDir: removed })).resolves.toMatchObject({ inventory: { components: [] } });
    } finally {
      await rm(removed, { recursive: true, force: true });
    }
  });
});
