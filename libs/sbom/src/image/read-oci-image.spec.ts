import { mkdtemp, rm, truncate, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SbomInputError } from '../model/inventory';
import { readOciImage } from './read-oci-image';
import { writeOciArchive } from './testing/oci-archive-writer';
import type { BuiltImage } from '@tollgate/testing';
import { writeDebianImage } from './testing/fixture-images';

/** What a reviewer lists by hand for the Debian fixture after its three layers are applied. */
function debianComponents(built: BuiltImage) {
  const [base, app, removal] = built.layerDigests.map((digest, index) => `layers[${index}]@${digest}`);
  const libc6 = 'pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&distro=debian-12&upstream=glibc';
  const gccBase = 'pkg:deb/debian/gcc-12-base@12.2.0-14+deb12u1?arch=amd64&distro=debian-12&upstream=gcc-12';
  const libgcc = 'pkg:deb/debian/libgcc-s1@12.2.0-14+deb12u1?arch=amd64&distro=debian-12&upstream=gcc-12';
  const deb = { ecosystem: 'deb', namespace: 'debian', scope: 'required', hashes: [] };
  const npm = { ecosystem: 'npm', scope: 'required', hashes: [], dependsOn: [] };
  return [
    { ...deb, purl: gccBase, name: 'gcc-12-base', version: '12.2.0-14+deb12u1', supplier: 'Debian GCC Maintainers <debian-gcc@lists.debian.org>', evidence: `${base}/var/lib/dpkg/info/gcc-12-base:amd64.list`, dependsOn: [] },
    { ...deb, purl: libc6, name: 'libc6', version: '2.36-9+deb12u14', supplier: 'GNU Libc Maintainers <debian-glibc@lists.debian.org>', evidence: `${base}/var/lib/dpkg/info/libc6:amd64.list`, dependsOn: [libgcc] },
    { ...deb, purl: libgcc, name: 'libgcc-s1', version: '12.2.0-14+deb12u1', supplier: 'Debian GCC Maintainers <debian-gcc@lists.debian.org>', evidence: `${base}/var/lib/dpkg/info/libgcc-s1:amd64.list`, dependsOn: [gccBase, libc6] },
    { ...npm, purl: 'pkg:npm/%40types/ms@0.7.34', namespace: '@types', name: 'ms', version: '0.7.34', license: 'MIT', evidence: `${app}/app/node_modules/@types/ms/package.json` },
    { ...npm, purl: 'pkg:npm/debug@4.3.4', name: 'debug', version: '4.3.4', license: 'MIT', supplier: 'Josh Junon <josh.junon@protonmail.com>', evidence: `${app}/app/node_modules/debug/package.json`, dependsOn: ['pkg:npm/ms@2.1.2'] },
    { ...npm, purl: 'pkg:npm/json-schema@0.2.3', name: 'json-schema', version: '0.2.3', license: '(AFLv2.1 OR BSD)', supplier: 'Kris Zyp', evidence: `${app}/app/node_modules/json-schema/package.json` },
    { ...npm, purl: 'pkg:npm/ms@2.0.0', name: 'ms', version: '2.0.0', license: 'MIT', evidence: `${app}/app/node_modules/ms/package.json` },
    { ...npm, purl: 'pkg:npm/ms@2.1.2', name: 'ms', version: '2.1.2', license: 'MIT', evidence: `${app}/app/node_modules/debug/node_modules/ms/package.json` },
    { purl: 'pkg:pypi/six@1.17.0', ecosystem: 'pypi', name: 'six', version: '1.17.0', scope: 'required', hashes: [], license: 'MIT', supplier: 'Benjamin Peterson', evidence: `${base}/usr/lib/python3/dist-packages/six-1.17.0.dist-info/METADATA`, dependsOn: [] },
    { purl: 'pkg:pypi/urllib3@2.7.0', ecosystem: 'pypi', name: 'urllib3', version: '2.7.0', scope: 'required', hashes: [], license: 'MIT', supplier: 'Andrey Petrov <andrey.petrov@shazow.net>', evidence: `${removal}/usr/local/lib/python3.11/site-packages/urllib3-2.7.0.dist-info/METADATA`, dependsOn: [] },
  ];
}

describe(readOciImage.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-image-spec-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  describe('from an OCI layout directory', () => {
    it('lists what the final filesystem holds: zlib1g purged, left-pad whited out, old site-packages made opaque', async () => {
      const built = await writeDebianImage(join(dir, 'layout'));

      const { inventory, image } = await readOciImage({ layoutDir: join(dir, 'layout') });

      expect(inventory.components).toEqual(debianComponents(built));
      expect(inventory.roots).toEqual(debianComponents(built).map((c) => c.purl));
      expect(image).toEqual({ digest: built.manifestDigest, config: built.configDigest, layers: built.layerDigests });
    });

    it('picks the manifest named by ref in index.json', async () => {
      const built = await writeDebianImage(join(dir, 'layout'));

      const { image } = await readOciImage({ layoutDir: join(dir, 'layout'), ref: 'fixture/debian:1' });

      expect(image.digest).toBe(built.manifestDigest);
    });

    it('names a ref that index.json does not have', async () => {
      await writeDebianImage(join(dir, 'layout'));

      await expect(readOciImage({ layoutDir: join(dir, 'layout'), ref: 'fixture/debian:2' })).rejects.toThrow(
        new SbomInputError(`${join(dir, 'layout')}/index.json`, 'no manifest has ref "fixture/debian:2"'),
      );
    });

    it('names the missing index.json', async () => {
      await writeDebianImage(join(dir, 'layout'));
      await unlink(join(dir, 'layout', 'index.json'));

      await expect(readOciImage({ layoutDir: join(dir, 'layout') })).rejects.toThrow(
        new SbomInputError(`${join(dir, 'layout')}/index.json`, 'missing: not an OCI image layout'),
      );
    });
  });

  describe('from an oci-archive tarball', () => {
    it('reads the same image as the layout it was made from', async () => {
      const built = await writeDebianImage(join(dir, 'layout'));
      await writeOciArchive(join(dir, 'layout'), join(dir, 'image.tar'));

      const { inventory, image } = await readOciImage({ tarball: join(dir, 'image.tar') });

      expect(inventory.components).toEqual(debianComponents(built));
      expect(image.digest).toBe(built.manifestDigest);
    });

    it('names the tarball when it is cut short', async () => {
      await writeDebianImage(join(dir, 'layout'));
      await writeOciArchive(join(dir, 'layout'), join(dir, 'image.tar'));
      await truncate(join(dir, 'image.tar'), 700);

      const error = await readOciImage({ tarball: join(dir, 'image.tar') }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SbomInputError);
      expect((error as SbomInputError).file).toBe(join(dir, 'image.tar'));
    });
  });
});
