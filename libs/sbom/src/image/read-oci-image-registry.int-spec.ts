import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SbomInputError } from '../model/inventory';
import { readOciImage } from './read-oci-image';
import { startDockerRegistry, type DockerRegistry } from '@tollgate/testing';
import { writeAlpineImage, writeDebianImage } from './testing/fixture-images';

// The same fixture images as the layout tests, pushed by skopeo into a real
// Distribution registry and pulled back by digest over its HTTP API.
describe('readOciImage from a real registry (docker-registry, pushed with skopeo)', () => {
  let registry: DockerRegistry;
  let dir: string;
  beforeAll(async () => {
    registry = await startDockerRegistry();
  });
  afterAll(async () => registry.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-real-registry-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads what the layout holds, whiteouts honoured, from the manifest pulled by digest', async () => {
    const built = await writeDebianImage(dir);
    await registry.push(dir, 'devices/pump-monitor', '1.0.0');

    const pulled = await readOciImage({ registry: registry.url, repository: 'devices/pump-monitor', digest: built.manifestDigest });

    expect(pulled).toEqual(await readOciImage({ layoutDir: dir }));
    const purls = pulled.inventory.components.map((c) => c.purl);
    expect(purls).toContain('pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&distro=debian-12&upstream=glibc');
    expect(purls.filter((p) => p.includes('zlib1g') || p.includes('left-pad'))).toEqual([]);
    expect(pulled.image).toEqual({ digest: built.manifestDigest, config: built.configDigest, layers: built.layerDigests });
  });

  it('follows a manifest list pulled by digest to its linux/amd64 image', async () => {
    const built = await writeAlpineImage(dir);
    await registry.push(dir, 'base/alpine', '3.20');

    const pulled = await readOciImage({ registry: registry.url, repository: 'base/alpine', digest: built.topDigest });

    expect(pulled.image.digest).toBe(built.manifestDigest);
    expect(pulled.inventory.components.map((c) => c.purl)).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&upstream=busybox',
      'pkg:apk/alpine/ca-certificates-bundle@20240226-r0?arch=x86_64&distro=alpine-3.19.1&upstream=ca-certificates',
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl',
      'pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64&distro=alpine-3.19.1&upstream=zlib',
    ]);
  });

  it('names the manifest the registry does not have', async () => {
    const unknown = `sha256:${'e'.repeat(64)}`;

    const error = await readOciImage({ registry: registry.url, repository: 'base/alpine', digest: unknown }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SbomInputError);
    expect((error as SbomInputError).file).toBe(`${registry.url}/v2/base/alpine/manifests/${unknown}`);
    expect((error as SbomInputError).reason).toMatch(/^HTTP 404 MANIFEST_UNKNOWN/);
  });
});
