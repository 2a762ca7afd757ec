import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOciImage } from './read-oci-image';
import { writeAlpineImage, writeJavaImage } from './testing/fixture-images';

/** The fixture's `C:` is Q1 + base64(sha1("<name>-<version>")) (see fixtures/README.md), so its hex is this. */
const apkSha1 = (nameVersion: string) => ({ alg: 'SHA-1', content: createHash('sha1').update(nameVersion).digest('hex') });

describe(readOciImage.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-image-spec-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads an Alpine image from a Docker manifest list, choosing linux/amd64', async () => {
    const built = await writeAlpineImage(dir);

    const { inventory, image } = await readOciImage({ layoutDir: dir });

    const db = `layers[1]@${built.layerDigests[1]}/lib/apk/db/installed`;
    const apk = { ecosystem: 'apk', namespace: 'alpine', scope: 'required', evidence: db };
    const musl = 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl';
    const busybox = 'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&upstream=busybox';
    expect(inventory.components).toEqual([
      { ...apk, purl: busybox, name: 'busybox', version: '1.36.1-r15', license: 'GPL-2.0-only', supplier: 'Sören Tempel <soeren+alpine@soeren-tempel.net>', hashes: [apkSha1('busybox-1.36.1-r15')], dependsOn: [musl] },
      {
        ...apk,
        purl: 'pkg:apk/alpine/ca-certificates-bundle@20240226-r0?arch=x86_64&distro=alpine-3.19.1&upstream=ca-certificates',
        name: 'ca-certificates-bundle',
        version: '20240226-r0',
        license: 'MPL-2.0 AND MIT',
        supplier: 'Natanael Copa <ncopa@alpinelinux.org>',
        hashes: [apkSha1('ca-certificates-bundle-20240226-r0')],
        dependsOn: [busybox],
      },
      { ...apk, purl: musl, name: 'musl', version: '1.2.4_git20230717-r4', license: 'MIT', supplier: 'Timo Teräs <timo.teras@iki.fi>', hashes: [apkSha1('musl-1.2.4_git20230717-r4')], dependsOn: [] },
      { ...apk, purl: 'pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64&distro=alpine-3.19.1&upstream=zlib', name: 'zlib', version: '1.3.1-r0', license: 'Zlib', supplier: 'Natanael Copa <ncopa@alpinelinux.org>', hashes: [apkSha1('zlib-1.3.1-r0')], dependsOn: [musl] },
    ]);
    expect(image.digest).toBe(built.manifestDigest);
    expect(image.digest).not.toBe(built.topDigest);
  });

  it('reads pom.properties in jars, in a jar nested in a fat jar, and on the filesystem', async () => {
    const built = await writeJavaImage(dir);
    const fixture = join(__dirname, 'fixtures', 'java-image');
    const jarHashes = async (path: string) => {
      const bytes = await readFile(join(fixture, path));
      return [
        { alg: 'SHA-1', content: createHash('sha1').update(bytes).digest('hex') },
        { alg: 'SHA-256', content: createHash('sha256').update(bytes).digest('hex') },
      ];
    };

    const { inventory } = await readOciImage({ layoutDir: dir });

    const layer = `layers[0]@${built.layerDigests[0]}`;
    const maven = { ecosystem: 'maven', scope: 'required', dependsOn: [] };
    expect(inventory.components).toEqual([
      {
        ...maven,
        purl: 'pkg:maven/com.example.tollgate/demo-app@0.4.1',
        namespace: 'com.example.tollgate',
        name: 'demo-app',
        version: '0.4.1',
        hashes: await jarHashes('layer-0/app/demo-app-0.4.1.jar'),
        evidence: `${layer}/app/demo-app-0.4.1.jar!/META-INF/maven/com.example.tollgate/demo-app/pom.properties`,
      },
      {
        ...maven,
        purl: 'pkg:maven/org.codehaus.mojo/animal-sniffer-annotations@1.14',
        namespace: 'org.codehaus.mojo',
        name: 'animal-sniffer-annotations',
        version: '1.14',
        hashes: [
          { alg: 'SHA-1', content: '775b7e22fb10026eed3f86e8dc556dfafe35f2d5' },
          { alg: 'SHA-256', content: '2068320bd6bad744c3673ab048f67e30bef8f518996fa380033556600669905d' },
        ],
        evidence: `${layer}/app/lib/animal-sniffer-annotations-1.14.jar!/META-INF/maven/org.codehaus.mojo/animal-sniffer-annotations/pom.properties`,
      },
      {
        ...maven,
        purl: 'pkg:maven/org.codehaus.plexus/plexus-component-annotations@2.2.0',
        namespace: 'org.codehaus.plexus',
        name: 'plexus-component-annotations',
        version: '2.2.0',
        hashes: [
          { alg: 'SHA-1', content: 'a506f84636ea7ae370d04167dd155c103e616f68' },
          { alg: 'SHA-256', content: '50edb93c73786e62822b4fe1336e22880fdf147191373cf5c911370e16748fcf' },
        ],
        evidence: `${layer}/app/demo-app-0.4.1.jar!/BOOT-INF/lib/plexus-component-annotations-2.2.0.jar!/META-INF/maven/org.codehaus.plexus/plexus-component-annotations/pom.properties`,
      },
      {
        ...maven,
        purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.9',
        namespace: 'org.slf4j',
        name: 'slf4j-api',
        version: '2.0.9',
        hashes: [],
        evidence: `${layer}/opt/exploded/META-INF/maven/org.slf4j/slf4j-api/pom.properties`,
      },
    ]);
  });
});
