import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSbom } from '@tollgate/sbom';
import { writeOciLayout } from '@tollgate/testing';
import { OsvDatabase } from '../database/osv-database';
import { matchComponents } from '../matching/match-components';

const DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';

/** dpkg's stanza for libc6, built from source glibc; `source` is the Source field as dpkg writes it. */
const libc6 = (version: string, source: string) =>
  `Package: libc6\nStatus: install ok installed\nPriority: optional\nSection: libs\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\nArchitecture: amd64\nMulti-Arch: same\nSource: ${source}\nVersion: ${version}\nDescription: GNU C Library: Shared libraries\n`;

let db: OsvDatabase;
let dir: string;

beforeAll(async () => {
  db = new OsvDatabase();
  await db.loadDirectory(join(__dirname, '..', 'fixtures', 'db'));
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osv-distro-image-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A Debian 12 image holding `status`, through the SBOM builder to its CycloneDX components, matched against the fixture database. */
async function scanImage(status: string) {
  const layoutDir = join(dir, 'layout');
  await writeOciLayout(layoutDir, { image: { layers: [{ files: { 'etc/os-release': DEBIAN_12, 'var/lib/dpkg/status': status } }] } });
  const built = await buildSbom({ source: { image: { layoutDir } }, timestamp: new Date('2025-01-01T00:00:00Z'), spdx: false });
  const components = (JSON.parse(built.cyclonedx) as { components: { purl: string; version: string }[] }).components.map(({ purl, version }) => ({ purl, version }));
  return { components, report: matchComponents(db, components) };
}

describe('an image SBOM matched against distro advisories', () => {
  it("flags a Debian 12 image's libc6 by its source package glibc and release 12, with nothing to caveat", async () => {
    const { components, report } = await scanImage(libc6('2.36-9+deb12u2', 'glibc'));

    expect(components).toEqual([{ purl: 'pkg:deb/debian/libc6@2.36-9+deb12u2?arch=amd64&distro=debian-12&upstream=glibc', version: '2.36-9+deb12u2' }]);
    expect(report.unsupported).toEqual([]);
    expect(report.unmatchable).toEqual([]);
    expect(report.matches).toMatchObject([
      {
        purl: components[0].purl,
        version: '2.36-9+deb12u2',
        advisoryId: 'DEBIAN-CVE-2023-4911',
        matchedPackages: [{ osvEcosystem: 'Debian:12', name: 'glibc' }],
        fixedVersions: ['2.36-9+deb12u3'],
        caveats: [],
      },
    ]);
  });

  it('clears the fixed 2.36-9+deb12u3', async () => {
    const { components, report } = await scanImage(libc6('2.36-9+deb12u3', 'glibc'));

    expect(components.map((c) => c.purl)).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-12&upstream=glibc']);
    expect(report).toEqual({ matches: [], unmatchable: [], unsupported: [] });
  });

  it('places a binNMU by the source version dpkg records, which is what the advisory ranges are written in', async () => {
    const { components, report } = await scanImage(libc6('2.36-9+deb12u2+b1', 'glibc (2.36-9+deb12u2)'));

    expect(components.map((c) => c.purl)).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u2+b1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u2']);
    expect(report.matches).toMatchObject([{ advisoryId: 'DEBIAN-CVE-2023-4911', version: '2.36-9+deb12u2+b1', fixedVersions: ['2.36-9+deb12u3'], caveats: [] }]);
  });

  it('places a binary versioned apart from its source (as cpp 4:12.2.0-3 from gcc-defaults 1.203) by the source version', async () => {
    // By its own version 1:1.0-1 sorts above every glibc fix; its source glibc 2.36-9+deb12u2 is affected.
    const { report } = await scanImage(libc6('1:1.0-1', 'glibc (2.36-9+deb12u2)'));

    expect(report.matches).toMatchObject([{ advisoryId: 'DEBIAN-CVE-2023-4911', version: '1:1.0-1', fixedVersions: ['2.36-9+deb12u3'] }]);
    expect((await scanImage(libc6('1:1.0-1', 'glibc (2.36-9+deb12u3)'))).report.matches).toEqual([]);
  });
});
