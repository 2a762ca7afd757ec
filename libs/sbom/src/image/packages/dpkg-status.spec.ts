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
      ['pkg:deb/ubuntu/tzdata@2025b-0+deb12u2?arch=all', ['pkg:deb/ubuntu/cdebconf@0.270?arch=amd64']],
      ['pkg:deb/ubuntu/cdebconf@0.270?arch=amd64', ['pkg:deb/ubuntu/zlib1g@1:1.2.13.dfsg-1?arch=amd64']],
      ['pkg:deb/ubuntu/zlib1g@1:1.2.13.dfsg-1?arch=amd64', []],
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
      { purl: 'pkg:deb/debian/base-files@12.4+deb12u5?arch=amd64', supplier: 'Santiago Vila <sanvila@debian.org>', evidence: `layers[0]@${layer.digest}/var/lib/dpkg/status.d/base-files` },
    ]);
  });
});
