import { FilesystemView } from './filesystem-view';
import { inventoryOfView } from './image-inventory';

const layer = { index: 0, digest: `sha256:${'b'.repeat(64)}` };
const viewOf = (files: Record<string, string>) => {
  const view = new FilesystemView();
  for (const [path, content] of Object.entries(files)) view.put({ kind: 'file', path, layer, content: Buffer.from(content) });
  return view;
};
const purls = (files: Record<string, string>) => inventoryOfView(viewOf(files)).components.map((c) => c.purl);

// The os-release files of the official images (URL lines dropped).
const DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';
const DEBIAN_TESTING = 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n';
const UBUNTU_22_04 =
  'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=jammy\n';
const ALPINE_3_19 = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n';

const LIBC6 = 'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u3\n';
const APK = 'P:libcrypto3\nV:3.1.4-r5\nA:x86_64\no:openssl\n\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\no:musl\n';

describe(inventoryOfView.name, () => {
  it('gives dpkg packages the os-release ID as namespace and ID-VERSION_ID as the distro qualifier', () => {
    expect(purls({ 'etc/os-release': DEBIAN_12, 'var/lib/dpkg/status': LIBC6 })).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-12&upstream=glibc']);
    expect(purls({ 'etc/os-release': UBUNTU_22_04, 'var/lib/dpkg/status': LIBC6.replace('2.36-9+deb12u3', '2.35-0ubuntu3.6') })).toEqual([
      'pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04&upstream=glibc',
    ]);
  });

  it('gives apk packages their origin and the Alpine release', () => {
    expect(purls({ 'etc/os-release': ALPINE_3_19, 'lib/apk/db/installed': APK })).toEqual([
      'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl',
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl',
    ]);
  });

  it('names Debian testing, which has no VERSION_ID, by its codename, and reads usr/lib/os-release when etc/ has none', () => {
    expect(purls({ 'usr/lib/os-release': DEBIAN_TESTING, 'var/lib/dpkg/status': LIBC6 })).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-trixie&upstream=glibc']);
  });

  it('writes no distro qualifier when the image has no os-release or it names no release, rather than guess one', () => {
    expect(purls({ 'var/lib/dpkg/status': LIBC6 })).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&upstream=glibc']);
    expect(purls({ 'lib/apk/db/installed': APK })).toEqual(['pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl', 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&upstream=musl']);
    expect(purls({ 'etc/os-release': 'ID="debian"\nNAME="Debian GNU/Linux"\n', 'var/lib/dpkg/status': LIBC6 })).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&upstream=glibc']);
  });
});
