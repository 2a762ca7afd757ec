import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SbomInputError } from '../model/inventory';
import type { BlobStore, RootDocument } from './blob-store';
import { sha256Digest, verifyingStream } from './blob-store';
import { MANIFEST_ACCEPT } from './oci-manifest';
import type { Descriptor } from './oci-manifest';

export interface RegistrySource {
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  registry: string;
  repository: string;
  /** The manifest or index digest to pull (`sha256:…`). */
  digest: string;
  /** Bearer token already obtained for `repository:<name>:pull`. */
  token?: string;
}

/** Pulls by digest over the OCI Distribution API (GET manifests and blobs), checking every digest. */
export class RegistryBlobStore implements BlobStore {
  private readonly base: string;

  constructor(private readonly source: RegistrySource) {
    this.base = `${source.registry.replace(/\/+$/, '')}/v2/${source.repository}`;
  }

  where(digest: string): string {
    return `${this.base}/blobs/${digest}`;
  }

  async readRoot(): Promise<RootDocument> {
    const { bytes, mediaType, file } = await this.fetchManifest(this.source.digest);
    return { bytes, file, mediaType, digest: this.source.digest };
  }

  async readManifest(descriptor: Descriptor): Promise<Buffer> {
    return (await this.fetchManifest(descriptor.digest)).bytes;
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    const file = this.where(descriptor.digest);
    const response = await this.get(file, '*/*');
    if (response.body === null) throw new SbomInputError(file, 'response has no body');
    const verifier = verifyingStream(descriptor, file);
    pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), verifier, () => undefined);
    return verifier;
  }

  private async fetchManifest(digest: string): Promise<{ bytes: Buffer; mediaType?: string; file: string }> {
    const file = `${this.base}/manifests/${digest}`;
    const response = await this.get(file, MANIFEST_ACCEPT);
    const bytes = Buffer.from(await response.arrayBuffer());
    // A manifest pulled by digest must hash to that digest, byte for byte.
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw new SbomInputError(file, `content digest is ${actual}, expected ${digest}`);
    const mediaType = response.headers.get('content-type')?.split(';')[0].trim();
    return { bytes, mediaType, file };
  }

  private async get(url: string, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    if (this.source.token !== undefined) headers['Authorization'] = `Bearer ${this.source.token}`;
    // fetch follows a blob's redirect to storage and drops Authorization when it leaves the origin.
    const response = await fetch(url, { headers, redirect: 'follow' }).catch((error: unknown) => {
      throw new SbomInputError(url, `registry unreachable: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error)}`, undefined, { retryable: true });
    });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      const retryable = response.status >= 500 || response.status === 429;
      throw new SbomInputError(url, `HTTP ${response.status}${registryErrorCodes(body)}`, undefined, { retryable });
    }
    return response;
  }
}

/** The `errors[].code` list of a Distribution error body, e.g. ` BLOB_UNKNOWN: blob unknown to registry`. */
function registryErrorCodes(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const errors = (parsed.errors ?? []).map((e) => `${e.code ?? '?'}: ${e.message ?? ''}`.trim());
    return errors.length > 0 ? ` ${errors.join('; ')}` : '';
  } catch {
    return '';
  }
}
