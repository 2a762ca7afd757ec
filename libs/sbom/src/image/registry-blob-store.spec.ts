import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SbomInputError } from '../model/inventory';
import { readOciImage } from './read-oci-image';
import type { DistributionServer, DistributionServerOptions } from './testing/distribution-server';
import { startDistributionServer } from './testing/distribution-server';
import { writeAlpineImage } from './testing/fixture-images';
import type { BuiltImage } from '@tollgate/testing';

describe('readOciImage from a registry', () => {
  let layout: string;
  let built: BuiltImage;
  let server: DistributionServer | undefined;
  const token = randomBytes(16).toString('hex');
  const start = async (options: Partial<DistributionServerOptions> = {}) => {
    server = await startDistributionServer({ layoutDir: layout, repository: 'base/alpine', token, ...options });
    return server;
  };

  beforeEach(async () => {
    layout = await mkdtemp(join(tmpdir(), 'oci-registry-spec-'));
    built = await writeAlpineImage(layout);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(layout, { recursive: true, force: true });
  });

  it('pulls an index by digest, follows it to linux/amd64 and reads the same packages as the layout', async () => {
    const { url, requests } = await start();

    const pulled = await readOciImage({ registry: url, repository: 'base/alpine', digest: built.topDigest, token });

    const fromLayout = await readOciImage({ layoutDir: layout });
    expect(pulled).toEqual(fromLayout);
    expect(pulled.inventory.components.map((c) => c.purl)).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&upstream=busybox',
      'pkg:apk/alpine/ca-certificates-bundle@20240226-r0?arch=x86_64&distro=alpine-3.19.1&upstream=ca-certificates',
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl',
      'pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64&distro=alpine-3.19.1&upstream=zlib',
    ]);
    expect(requests).toEqual([
      `/v2/base/alpine/manifests/${built.topDigest}`,
      `/v2/base/alpine/manifests/${built.manifestDigest}`,
      ...built.layerDigests.map((d) => `/v2/base/alpine/blobs/${d}`),
    ]);
  });

  it('refuses a layer whose bytes do not hash to its digest', async () => {
    const { url } = await start({ tamper: [built.layerDigests[1]] });

    const error = await readOciImage({ registry: url, repository: 'base/alpine', digest: built.topDigest, token }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SbomInputError);
    expect((error as SbomInputError).file).toBe(`${url}/v2/base/alpine/blobs/${built.layerDigests[1]}`);
    expect((error as SbomInputError).reason).toMatch(new RegExp(`^content digest is sha256:[a-f0-9]{64}, expected ${built.layerDigests[1]}$`));
  });

  it('names the manifest the registry does not know', async () => {
    const { url } = await start();
    const unknown = `sha256:${'0'.repeat(64)}`;

    await expect(readOciImage({ registry: url, repository: 'base/alpine', digest: unknown, token })).rejects.toThrow(
      new SbomInputError(`${url}/v2/base/alpine/manifests/${unknown}`, `HTTP 404 MANIFEST_UNKNOWN: ${unknown} unknown to registry`),
    );
  });

  it('names a missing layer blob', async () => {
    const { url } = await start();
    await rm(join(layout, 'blobs', 'sha256', built.layerDigests[0].slice('sha256:'.length)));

    await expect(readOciImage({ registry: url, repository: 'base/alpine', digest: built.topDigest, token })).rejects.toThrow(
      new SbomInputError(`${url}/v2/base/alpine/blobs/${built.layerDigests[0]}`, `HTTP 404 BLOB_UNKNOWN: ${built.layerDigests[0]} unknown to registry`),
    );
  });

  it('marks an unreachable registry as worth retrying, and a missing manifest as not', async () => {
    const { url } = await start();
    await server!.close();
    server = undefined;

    const unreachable = await readOciImage({ registry: url, repository: 'base/alpine', digest: built.topDigest, token }).catch((e: unknown) => e);

    expect(unreachable).toBeInstanceOf(SbomInputError);
    expect((unreachable as SbomInputError).reason).toMatch(/^registry unreachable: /);
    expect((unreachable as SbomInputError).retryable).toBe(true);
    const { url: again } = await start();
    const missing = await readOciImage({ registry: again, repository: 'base/alpine', digest: `sha256:${'1'.repeat(64)}`, token }).catch((e: unknown) => e);
    expect((missing as SbomInputError).retryable).toBe(false);
  });

  it('reports the registry refusing its token', async () => {
    const { url } = await start();

    await expect(readOciImage({ registry: url, repository: 'base/alpine', digest: built.topDigest, token: 'wrong' })).rejects.toThrow(
      new SbomInputError(`${url}/v2/base/alpine/manifests/${built.topDigest}`, 'HTTP 401 UNAUTHORIZED: authentication required'),
    );
  });
});
