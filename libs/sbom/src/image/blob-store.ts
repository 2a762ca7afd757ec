import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { SbomInputError } from '../model/inventory';
import type { Descriptor } from './oci-manifest';

/** The start of the descriptor chain: an OCI layout's index.json, or the manifest a registry serves for a digest. */
export interface RootDocument {
  bytes: Buffer;
  /** For error messages: the path or URL it came from. */
  file: string;
  /** Set when the root is itself a manifest addressed by digest (registry), not a layout's index.json. */
  digest?: string;
  mediaType?: string;
}

/** Where an image's manifests and blobs come from. Every read is checked against its descriptor's size and sha256. */
export interface BlobStore {
  /** A path or URL that names the blob's digest, for error messages. */
  where(digest: string): string;
  readRoot(): Promise<RootDocument>;
  readManifest(descriptor: Descriptor): Promise<Buffer>;
  openBlob(descriptor: Descriptor): Promise<Readable>;
}

/**
 * Passes bytes through while hashing them; at the end fails with an SbomInputError when the byte count or
 * sha256 differs from the descriptor, so a truncated or tampered blob never yields a result.
 */
export function verifyingStream(descriptor: Descriptor, file: string): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > descriptor.size) {
        done(new SbomInputError(file, `blob is longer than the ${descriptor.size} bytes its descriptor gives (byte ${seen})`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (seen !== descriptor.size) {
        done(new SbomInputError(file, `blob ends at byte ${seen} but its descriptor gives ${descriptor.size} bytes (truncated)`));
        return;
      }
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== descriptor.digest) {
        done(new SbomInputError(file, `content digest is ${actual}, expected ${descriptor.digest}`));
        return;
      }
      done();
    },
  });
}

/** Reads a small verified blob (a manifest) whole. */
export async function readWhole(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** sha256 of bytes in the `sha256:<hex>` form. */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
