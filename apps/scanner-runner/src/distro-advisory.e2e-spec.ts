/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startDockerRegistry, writeOciLayout, type DockerRegistry } from '@tollgate/testing';
import { startScannerHarness, type ScannerHarness } from './testing/scanner-harness';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

/** A dpkg status stanza of libc6 as Debian writes it; `source` is the Source: field (absent when the source is named like the binary). */
const libc6 = (version: string, source: string) =>
  [
    'Package: libc6',
    'Status: install ok installed',
    'Priority: optional',
    'Section: libs',
    'Installed-Size: 13001',
    'Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>',
    'Architecture: amd64',
    'Multi-Arch: same',
    `Source: ${source}`,
    `Version: ${version}`,
    'Description: GNU C Library: Shared libraries',
    '',
  ].join('\n');

/** A Debian security advisory for glibc in Debian 12, as OSV's DSA/DLA records are keyed: by the source package. */
const glibcAdvisory = (id: string, fixed: string) => ({
  schema_version: '1.6.0',
  id,
  modified: '2026-12-01T00:00:00Z',
  summary: 'glibc: buffer overflow in the dynamic loader',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'glibc', purl: 'pkg:deb/debian/glibc?arch=source' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
});

describe('scanner-runner: a distro advisory arriving after the image SBOMs were stored (real SBOM builder, registry, NATS, Postgres)', () => {
  let registry: DockerRegistry;
  let h: ScannerHarness;
  const images: Record<string, string> = {};
  const post = (path: string, body: unknown) => fetch(`${h.scanner.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    // The harness starts the SBOM builder with this process's environment: let it pull from the plain-HTTP test registry.
    process.env.SBOM_INSECURE_REGISTRIES = registry.host;
    h = await startScannerHarness({ osvRecords: [] });
    const stanzas = {
      // Built from glibc 2.36-9+deb12u2: affected.
      vulnerable: libc6('2.36-9+deb12u2', 'glibc'),
      // A binNMU of that same source: affected too, by the source version dpkg records.
      rebuilt: libc6('2.36-9+deb12u2+b1', 'glibc (2.36-9+deb12u2)'),
      // Built from the fixed glibc.
      fixed: libc6('2.36-9+deb12u3', 'glibc'),
    };
    for (const [label, stanza] of Object.entries(stanzas)) {
      const layout = join(h.dir, `image-${label}`);
      const built = await writeOciLayout(layout, { image: { layers: [{ files: { 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': stanza } }] } });
      await registry.push(layout, `devices/gateway-${label}`, '1.0.0');
      const res = await fetch(`${h.sbomBuilder.url}/v1/sboms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          artifactDigest: built.manifestDigest,
          pipelineRunId: `run-gateway-${label}`,
          source: { image: { registry: registry.url, repository: `devices/gateway-${label}`, digest: built.manifestDigest } },
        }),
      });
      expect(res.status).toBe(201);
      images[label] = built.manifestDigest;
    }
  });
  afterAll(async () => {
    await h?.close();
    await registry?.close();
  });

  it('stores libc6 under its binary purl, with the source package the advisory will name', async () => {
    const res = await fetch(`${h.sbomBuilder.url}/v1/components?purl=${encodeURIComponent('pkg:deb/debian/glibc')}&range=${encodeURIComponent('<2.36-9+deb12u3')}`);
    const body = (await res.json()) as any;
    expect(body.matches.map((m: any) => [m.artifactDigest, m.purl, m.sourceVersion]).sort()).toEqual(
      [
        [images.vulnerable, 'pkg:deb/debian/libc6@2.36-9+deb12u2?arch=amd64&distro=debian-12&upstream=glibc', '2.36-9+deb12u2'],
        [images.rebuilt, 'pkg:deb/debian/libc6@2.36-9+deb12u2+b1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u2', '2.36-9+deb12u2'],
      ].sort(),
    );
  });

  it('flags the images whose libc6 was built from an affected glibc, not the one built from the fixed one, once', async () => {
    const advisory = glibcAdvisory('DSA-9901-1', '2.36-9+deb12u3');
    const res = await post('/v1/advisories', advisory);
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.affected.map((a: any) => [a.artifactDigest, a.version, a.newlyRaised]).sort()).toEqual(
      [
        [images.vulnerable, '2.36-9+deb12u2', true],
        [images.rebuilt, '2.36-9+deb12u2+b1', true],
      ].sort(),
    );
    const detected = await eventually(async () => {
      const found = (await h.events('SECURITY')).filter((e) => e.data.subject.content.advisoryId === advisory.id);
      return found.length === 2 ? found : undefined;
    }, 'vulnerability.detected for both affected images');
    expect(detected.map((e) => e.artifactdigest).sort()).toEqual([images.vulnerable, images.rebuilt].sort());
    expect(detected.find((e) => e.artifactdigest === images.vulnerable).data.customData).toMatchObject({ fixedVersions: ['2.36-9+deb12u3'] });

    const again = (await (await post('/v1/advisories', advisory)).json()) as any;
    expect(again.affected.every((a: any) => a.newlyRaised === false)).toBe(true);
  });

  it('checks a binNMU at the source version it was built from, for an advisory dropped into the watched directory', async () => {
    // Fixed in +deb12u2: none of the three images is below it.
    writeFileSync(join(h.advisoryInbox, 'DSA-9902-1.json'), JSON.stringify(glibcAdvisory('DSA-9902-1', '2.36-9+deb12u2')));
    // Fixed in +deb12u2+b1: the rebuilt image's binary is not below it, but the glibc it was built from (+deb12u2) is.
    writeFileSync(join(h.advisoryInbox, 'DSA-9903-1.json'), JSON.stringify(glibcAdvisory('DSA-9903-1', '2.36-9+deb12u2+b1')));
    await eventually(async () => {
      const [{ n }] = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM osv_advisory WHERE id IN ('DSA-9902-1', 'DSA-9903-1')`);
      return n === 2 ? true : undefined;
    }, 'both dropped advisories ingested');
    // Alerts commit with their advisory.
    const alerts = await h.db.dataSource.query(`SELECT advisory_id, artifact_digest, purl FROM vulnerability_alert WHERE advisory_id IN ('DSA-9902-1', 'DSA-9903-1')`);
    expect(alerts.map((a: any) => [a.advisory_id, a.artifact_digest]).sort()).toEqual(
      [
        ['DSA-9903-1', images.vulnerable],
        ['DSA-9903-1', images.rebuilt],
      ].sort(),
    );
    const detected = await eventually(async () => {
      const found = (await h.events('SECURITY')).filter((e) => e.data.subject.content.advisoryId === 'DSA-9903-1');
      return found.length === 2 ? found : undefined;
    }, 'vulnerability.detected from the watched directory');
    expect(detected.find((e) => e.artifactdigest === images.rebuilt).data.subject.content).toMatchObject({
      componentPurl: 'pkg:deb/debian/libc6@2.36-9+deb12u2+b1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u2',
    });
  });
});
