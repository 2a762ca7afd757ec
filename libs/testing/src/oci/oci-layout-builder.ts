import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileTree } from './layer-tar';
import { gzipLayerTar, layerTar } from './layer-tar';

export interface LayerSpec {
  files: FileTree;
  /** gzip'd (the usual) unless false. */
  gzip?: boolean;
  /** Rewrites the finished blob before it is digested, e.g. cutting it short to build a truncated layer. */
  mangle?: (blob: Buffer) => Buffer;
}

export interface ImageSpec {
  layers: LayerSpec[];
  platform?: { os: string; architecture: string };
}

export interface LayoutSpec {
  image: ImageSpec;
  /** Other platforms of the same image: the layout then holds an image index (manifest list) of all of them. */
  otherPlatforms?: ImageSpec[];
  /** `org.opencontainers.image.ref.name` of the entry in index.json. */
  ref?: string;
  /** Docker schema 2 media types instead of OCI ones. */
  docker?: boolean;
}

export interface BuiltImage {
  /** The image manifest of `image` (its platform's, when there is an index). */
  manifestDigest: string;
  configDigest: string;
  layerDigests: string[];
  /** What index.json points at: the index digest when there are other platforms, else the manifest digest. */
  topDigest: string;
}

const TYPES = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    layerTar: 'application/vnd.oci.image.layer.v1.tar',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    layerTar: 'application/vnd.docker.image.rootfs.diff.tar',
  },
};

/** Writes a real OCI image layout (oci-layout, index.json, blobs/sha256/*) for the spec into `dir`. */
export async function writeOciLayout(dir: string, spec: LayoutSpec): Promise<BuiltImage> {
  const types = spec.docker === true ? TYPES.docker : TYPES.oci;
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const putBlob = async (bytes: Buffer, mediaType: string) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
    return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
  };
  const putImage = async (image: ImageSpec) => {
    const layers = [];
    const diffIds = [];
    for (const layer of image.layers) {
      const tar = await layerTar(layer.files);
      diffIds.push(`sha256:${createHash('sha256').update(tar).digest('hex')}`);
      const gzip = layer.gzip !== false;
      const blob = gzip ? await gzipLayerTar(layer.files) : tar;
      layers.push(await putBlob(layer.mangle ? layer.mangle(blob) : blob, gzip ? types.layerGzip : types.layerTar));
    }
    const platform = image.platform ?? { os: 'linux', architecture: 'amd64' };
    const config = await putBlob(json({ ...platform, rootfs: { type: 'layers', diff_ids: diffIds }, config: {} }), types.config);
    const manifest = await putBlob(json({ schemaVersion: 2, mediaType: types.manifest, config, layers }), types.manifest);
    return { manifest: { ...manifest, platform }, config, layers };
  };

  const main = await putImage(spec.image);
  let top = main.manifest;
  if (spec.otherPlatforms !== undefined) {
    const others = await Promise.all(spec.otherPlatforms.map(putImage));
    const manifests = [others[0], main, ...others.slice(1)].filter((m) => m !== undefined).map((m) => m.manifest);
    top = { ...(await putBlob(json({ schemaVersion: 2, mediaType: types.index, manifests }), types.index)), platform: main.manifest.platform };
  }
  const entry = { mediaType: top.mediaType, digest: top.digest, size: top.size, ...(spec.ref ? { annotations: { 'org.opencontainers.image.ref.name': spec.ref } } : {}) };
  await writeFile(join(dir, 'index.json'), json({ schemaVersion: 2, mediaType: TYPES.oci.index, manifests: [entry] }));
  await writeFile(join(dir, 'oci-layout'), json({ imageLayoutVersion: '1.0.0' }));
  return { manifestDigest: main.manifest.digest, configDigest: main.config.digest, layerDigests: main.layers.map((l) => l.digest), topDigest: top.digest };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
