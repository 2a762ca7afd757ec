import type { Inventory } from '../model/inventory';
import { SbomInputError } from '../model/inventory';
import type { BlobStore } from './blob-store';
import { FilesystemView } from './filesystem-view';
import { inventoryOfView } from './image-inventory';
import { applyLayer } from './layer-reader';
import { LayoutBlobStore } from './layout-blob-store';
import { unpackOciArchive } from './oci-archive';
import type { ImageManifest } from './oci-manifest';
import { parseManifest, selectFromIndex } from './oci-manifest';
import type { RegistrySource } from './registry-blob-store';
import { RegistryBlobStore } from './registry-blob-store';

export type { RegistrySource } from './registry-blob-store';

/** An OCI image-layout directory; `ref` picks a manifest by `org.opencontainers.image.ref.name` or digest. */
export interface LayoutSource {
  layoutDir: string;
  ref?: string;
}

/** The same layout in a tar (`skopeo copy … oci-archive:<file>`). */
export interface TarballSource {
  tarball: string;
  ref?: string;
}

export type ImageSource = LayoutSource | TarballSource | RegistrySource;

export interface ImageIdentity {
  /** Digest of the image manifest whose layers were read (the platform manifest when the source was an index). */
  digest: string;
  config: string;
  layers: string[];
}

/** Nested indexes deeper than this are not a real image. */
const MAX_INDEX_DEPTH = 4;

/** What shipped in an image: its layers applied in order (whiteouts honoured), then its package databases read. */
export async function readOciImage(source: ImageSource): Promise<{ inventory: Inventory; image: ImageIdentity }> {
  if ('tarball' in source) {
    const unpacked = await unpackOciArchive(source.tarball);
    try {
      return await readFromStore(new LayoutBlobStore(unpacked.dir, `${source.tarball}!`), source.ref);
    } finally {
      await unpacked.remove();
    }
  }
  if ('layoutDir' in source) return readFromStore(new LayoutBlobStore(source.layoutDir), source.ref);
  return readFromStore(new RegistryBlobStore(source));
}

async function readFromStore(store: BlobStore, ref?: string): Promise<{ inventory: Inventory; image: ImageIdentity }> {
  const { manifest, digest } = await resolveImageManifest(store, ref);
  const view = new FilesystemView();
  for (const [index, layer] of manifest.layers.entries()) {
    await applyLayer(view, store, layer, { index, digest: layer.digest });
  }
  return {
    inventory: inventoryOfView(view),
    image: { digest, config: manifest.config.digest, layers: manifest.layers.map((l) => l.digest) },
  };
}

/** Follows index → manifest (ref at the top, then linux/amd64 or the only entry) to one image manifest. */
async function resolveImageManifest(store: BlobStore, ref?: string): Promise<{ manifest: ImageManifest; digest: string }> {
  const root = await store.readRoot();
  let parsed = parseManifest(root.bytes, root.file, root.mediaType);
  let file = root.file;
  let digest = root.digest;
  for (let depth = 0; parsed.kind === 'index'; depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new SbomInputError(file, `indexes nest deeper than ${MAX_INDEX_DEPTH}`);
    const chosen = selectFromIndex(parsed.manifests, file, depth === 0 ? ref : undefined);
    const bytes = await store.readManifest(chosen);
    file = store.where(chosen.digest);
    digest = chosen.digest;
    parsed = parseManifest(bytes, file, chosen.mediaType);
  }
  if (digest === undefined) throw new SbomInputError(file, 'is an image manifest, not an index: an OCI layout must start from index.json');
  return { manifest: parsed.manifest, digest };
}
