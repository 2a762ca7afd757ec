import { SbomInputError } from '../../model/inventory';
import { FilesystemView } from '../filesystem-view';
import { readDpkgPackages } from './dpkg-status';

const layer = { index: 0, digest: `sha256:${'a'.repeat(64)}` };
const viewOf = (files: Record<string, string>) => {
  const view = new FilesystemView();
  for (const [path, content] of Object.entries(files)) view.put({ kind: 'file', path, layer, content: Buffer.from(content) });
  return view;
};

describe(readDpkgPackages.name, () => {
  it('resolves the first installed alternative and virtual packages, and keeps the epoch', () => {
    const status = [
      'Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2025b-0+deb12u2\nDepends: debconf (>= 0.5) | cdebconf | debconf-2.0\n',
      'Package: cdebconf\nStatus: hold ok installed\nArchitecture: amd64\nVersion: 0.270\nProvides: debconf-2.0\nPre-Depends: libz1\n',
      'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\nProvides: libz1\n',
      'Package: debconf\nStatus: deinstall ok config-files\nArchitecture: all\nVersion: 1.5.82\n',
    ].join('\n');

    const found = readDpkgPackages(viewOf({ 'var/lib/dpkg/status': status }), 'ubuntu');

    expect(found.map((c) => [c.purl, c.dependsOn])).toEqual([
      ['pkg:deb/ubuntu/tzdata@2025b-0+deb12u2?arch=all&upstream=tzdata', ['pkg:deb/ubuntu/cdebconf@0.270?arch=amd64&upstream=cdebconf']],
      ['pkg:deb/ubuntu/cdebconf@0.270?arch=amd64&upstream=cdebconf', ['pkg:deb/ubuntu/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib1g']],
      ['pkg:deb/ubuntu/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib1g', []],
    ]);
    expect(found[2].version).toBe('1:1.2.13.dfsg-1');
    expect(found[0].license).toBeUndefined();
  });

  it('reads distroless status.d files, which carry no Status field, and skips their md5sums', () => {
    const view = viewOf({
      'var/lib/dpkg/status.d/base-files': 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\n',
      'var/lib/dpkg/status.d/base-files.md5sums': '0b1e2f3a4c5d6e7f8091a2b3c4d5e6f7  etc/debian_version\n',
    });

    expect(readDpkgPackages(view, 'debian')).toMatchObject([
      { purl: 'pkg:deb/debian/base-files@12.4+deb12u5?arch=amd64&upstream=base-files', supplier: 'Santiago Vila <sanvila@debian.org>', evidence: `layers[0]@${layer.digest}/var/lib/dpkg/status.d/base-files` },
    ]);
  });

  it('names the source package, with its version only when it differs from the binary (a binNMU), and the distro release', () => {
    const status = [
      'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u3\n',
      'Package: bash\nStatus: install ok installed\nArchitecture: amd64\nSource: bash (5.2.15-2)\nVersion: 5.2.15-2+b2\nDepends: libc6 (>= 2.36)\n',
      'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib (1:1.2.13.dfsg-1)\nVersion: 1:1.2.13.dfsg-1\n',
    ].join('\n');

    const found = readDpkgPackages(viewOf({ 'var/lib/dpkg/status': status }), 'debian', 'debian-12');

    expect(found.map((c) => [c.purl, c.name, c.version, c.dependsOn])).toEqual([
      ['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-12&upstream=glibc', 'libc6', '2.36-9+deb12u3', []],
      // The source version is the one distro advisories give ranges in; the purl's own version stays the binary's.
      ['pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2', 'bash', '5.2.15-2+b2', ['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-12&upstream=glibc']],
      ['pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib', 'zlib1g', '1:1.2.13.dfsg-1', []],
    ]);
  });

  it('refuses a Source field that is neither "name" nor "name (version)", naming the file and stanza', () => {
    const status = 'Package: ok\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n\nPackage: libfoo1\nStatus: install ok installed\nArchitecture: amd64\nSource: foo (1.2-3\nVersion: 1.2-3+b1\n';

    const read = () => readDpkgPackages(viewOf({ 'var/lib/dpkg/status': status }), 'debian', 'debian-12');

    expect(read).toThrow(SbomInputError);
    expect(read).toThrow(`layers[0]@${layer.digest}/var/lib/dpkg/status:6: package libfoo1 has a Source field that is not "name" or "name (version)": "foo (1.2-3"`);
  });
});
