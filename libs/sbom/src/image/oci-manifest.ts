import { SbomInputError } from '../model/inventory';

/** Media types from the OCI image-spec and Docker schema 2 that an image reader meets. */
export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

/** Every manifest type we can read, for the registry's `Accept` header. */
export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
}

export type ParsedManifest = { kind: 'index'; manifests: Descriptor[] } | { kind: 'image'; manifest: ImageManifest };

const DIGEST = /^sha256:[a-f0-9]{64}$/;

function descriptorAt(value: unknown, file: string, where: string): Descriptor {
  const d = value as Partial<Descriptor> | null;
  if (typeof d !== 'object' || d === null || typeof d.digest !== 'string' || typeof d.size !== 'number' || typeof d.mediaType !== 'string') {
    throw new SbomInputError(file, `${where} is not a descriptor with mediaType, digest and size`);
  }
  if (!DIGEST.test(d.digest)) throw new SbomInputError(file, `${where} has unsupported digest "${d.digest}" (only sha256 is read)`);
  return d as Descriptor;
}

/** Parses a manifest or index; `mediaTypeHint` is the registry's Content-Type or the parent descriptor's mediaType. */
export function parseManifest(bytes: Buffer, file: string, mediaTypeHint?: string): ParsedManifest {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new SbomInputError(file, `not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null) throw new SbomInputError(file, 'not a JSON object');
  const mediaType = typeof json['mediaType'] === 'string' ? json['mediaType'] : mediaTypeHint;
  if (Array.isArray(json['manifests']) && mediaType !== MEDIA_TYPES.ociManifest && mediaType !== MEDIA_TYPES.dockerManifest) {
    return { kind: 'index', manifests: json['manifests'].map((m, i) => descriptorAt(m, file, `manifests[${i}]`)) };
  }
  if (!Array.isArray(json['layers'])) throw new SbomInputError(file, `neither an image manifest nor an index (mediaType ${mediaType ?? 'absent'})`);
  return {
    kind: 'image',
    manifest: {
      config: descriptorAt(json['config'], file, 'config'),
      layers: json['layers'].map((l, i) => descriptorAt(l, file, `layers[${i}]`)),
    },
  };
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}

/** The one manifest to read from an index: matching `ref` (ref.name annotation or digest), else the only one, else linux/amd64. */
export function selectFromIndex(manifests: Descriptor[], file: string, ref?: string): Descriptor {
  let candidates = manifests;
  if (ref !== undefined) {
    candidates = manifests.filter((m) => m.digest === ref || m.annotations?.['org.opencontainers.image.ref.name'] === ref);
    if (candidates.length === 0) throw new SbomInputError(file, `no manifest has ref "${ref}"`);
  }
  if (candidates.length === 1) return candidates[0];
  const amd64 = candidates.filter((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
  if (amd64.length === 1) return amd64[0];
  if (candidates.length === 0) throw new SbomInputError(file, 'the index lists no manifests');
  throw new SbomInputError(file, `${candidates.length} manifests and none (or several) for linux/amd64; pass a ref`);
}

export type LayerCompression = 'gzip' | 'none';

/** How a layer blob is compressed, from its media type (OCI and Docker spellings). */
export function layerCompression(layer: Descriptor, file: string): LayerCompression {
  const type = layer.mediaType;
  if (type.endsWith('+gzip') || type.endsWith('.tar.gzip')) return 'gzip';
  if (type.endsWith('.tar') || type === 'application/vnd.docker.image.rootfs.diff.tar') return 'none';
  throw new SbomInputError(file, `layer media type ${type} is not a tar or gzip'd tar (zstd is not readable on Node 20)`);
}
