import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { Headers } from 'tar-stream';
import { SbomInputError } from '../model/inventory';
import type { BlobStore } from './blob-store';
import { readWhole } from './blob-store';
import type { FilesystemView, LayerRef, ViewFile } from './filesystem-view';
import { layerPath } from './filesystem-view';
import { pomsInJar } from './jar-poms';
import type { Descriptor } from './oci-manifest';
import { layerCompression } from './oci-manifest';
import { imagePath, wantOf } from './wanted-files';

const OPAQUE = '.wh..wh..opq';
const WHITEOUT = '.wh.';

/** Streams one layer blob into the view: whiteouts first delete from lower layers, wanted files are kept. */
export async function applyLayer(view: FilesystemView, store: BlobStore, layer: Descriptor, ref: LayerRef): Promise<void> {
  const file = store.where(layer.digest);
  const compression = layerCompression(layer, file);
  const blob = await store.openBlob(layer);
  let compressedBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      compressedBytes += chunk.length;
      done(null, chunk);
    },
  });
  const archive = extract();
  const stages: (Readable | Transform)[] = compression === 'gzip' ? [blob, counter, createGunzip()] : [blob, counter];
  const reading = pipeline([...stages, archive]);
  let lastEntry = '(none)';
  try {
    for await (const entry of archive) {
      lastEntry = entry.header.name;
      await applyEntry(view, entry.header, entry, ref);
    }
    await reading;
  } catch (error) {
    const pipeError = await reading.then(() => undefined, (e: unknown) => e);
    if (error instanceof SbomInputError) throw error;
    if (pipeError instanceof SbomInputError) throw pipeError;
    // gunzip can fail on flipped bytes before the digest is known: a digest mismatch is the truer report.
    await drain(await store.openBlob(layer));
    const reason = (pipeError ?? error) as Error;
    throw new SbomInputError(file, `truncated or corrupt layer at byte ${compressedBytes} of the blob, after tar entry "${lastEntry}": ${reason.message}`);
  }
}

async function applyEntry(view: FilesystemView, header: Headers, entry: Readable, ref: LayerRef): Promise<void> {
  const path = imagePath(header.name);
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === OPAQUE) {
    view.clearDirFromLower(dir, ref.index);
  } else if (base.startsWith(WHITEOUT)) {
    view.removeFromLower(`${dir === '' ? '' : `${dir}/`}${base.slice(WHITEOUT.length)}`, ref.index);
  } else if (header.type === 'directory') {
    view.removeFileFromLower(path, ref.index);
  } else if (path !== '') {
    // Any other entry (file, symlink, device…) replaces whatever lower layers had at this path, subtree included.
    view.removeFromLower(path, ref.index);
    const kept = await keptFile(view, path, header, entry, ref);
    if (kept !== undefined) view.put(kept);
  }
  entry.resume();
}

async function keptFile(view: FilesystemView, path: string, header: Headers, entry: Readable, ref: LayerRef): Promise<ViewFile | undefined> {
  const want = wantOf(path);
  if (want === undefined) return undefined;
  if (header.type === 'link') {
    // A hard link to a file this view kept: same bytes, now also at this path.
    const target = view.get(imagePath(header.linkname ?? ''));
    return target === undefined ? undefined : { ...target, path, layer: ref };
  }
  if (header.type !== 'file' && header.type !== 'contiguous-file') return undefined;
  if (want === 'presence') return { kind: 'present', path, layer: ref };
  const content = await readWhole(entry);
  if (want === 'content') return { kind: 'file', path, layer: ref, content };
  try {
    return { kind: 'jar', path, layer: ref, poms: pomsInJar(content, path.slice(path.lastIndexOf('/') + 1), layerPath(ref, path)) };
  } catch (error) {
    return { kind: 'jar', path, layer: ref, poms: [], unreadable: (error as Error).message };
  }
}

/** Reads a blob to its end, so its verifying stream fails if the digest is wrong. */
async function drain(blob: Readable): Promise<void> {
  for await (const chunk of blob) void chunk;
}
