import { join } from 'node:path';
import type { ComponentToMatch } from '../ecosystems/component-key';
import { OsvDatabase } from '../database/osv-database';
import type { AffectedEntry, AffectedLookup } from './affected-entry';
import { matchComponents } from './match-components';
import type { MatchReport } from './vulnerability-match';

type Expected = 'affected' | 'clear' | 'unmatchable';

let db: OsvDatabase;

beforeAll(async () => {
  db = new OsvDatabase();
  await db.loadDirectory(join(__dirname, '..', 'fixtures', 'db'));
});

/** `pkg:type/name` + version (+ qualifiers) → the component as an SBOM lists it. */
function component(base: string, version: string, qualifiers = ''): ComponentToMatch {
  return { purl: `${base}@${version}${qualifiers}`, version };
}

function outcome(report: MatchReport, advisoryId: string): { verdict: Expected; fixed?: readonly string[] } {
  const match = report.matches.find((m) => m.advisoryId === advisoryId);
  if (match !== undefined) return { verdict: 'affected', fixed: match.fixedVersions };
  return { verdict: report.unmatchable.some((u) => u.advisoryId === advisoryId) ? 'unmatchable' : 'clear' };
}

function expectVerdicts(advisoryId: string, base: string, cases: ReadonlyArray<[string, Expected, string[]?]>, qualifiers = ''): void {
  const report = matchComponents(
    db,
    cases.map(([version]) => component(base, version, qualifiers)),
  );
  const actual = cases.map(([version]) => {
    const one: MatchReport = {
      matches: report.matches.filter((m) => m.version === version),
      unmatchable: report.unmatchable.filter((u) => u.version === version),
      unsupported: [],
    };
    const { verdict, fixed } = outcome(one, advisoryId);
    return verdict === 'affected' ? [version, verdict, [...(fixed ?? [])]] : [version, verdict];
  });
  expect(actual).toEqual(cases.map(([version, verdict, fixed]) => (verdict === 'affected' ? [version, verdict, fixed ?? []] : [version, verdict])));
}

describe(matchComponents.name, () => {
  it('applies log4j-core CVE-2021-44228 ranges with Maven ordering, boundaries and qualifiers included', () => {
    expectVerdicts('GHSA-jfh8-c2jp-5v3q', 'pkg:maven/org.apache.logging.log4j/log4j-core', [
      ['2.0-beta8', 'clear'],
      ['2.0-beta9', 'affected', ['2.3.1']],
      ['2.0-rc1', 'affected', ['2.3.1']],
      ['2.3', 'affected', ['2.3.1']],
      ['2.3.1', 'clear'],
      ['2.3.2', 'clear'],
      ['2.4', 'affected', ['2.12.2']],
      ['2.12.2-SNAPSHOT', 'affected', ['2.12.2']],
      ['2.12.2', 'clear'],
      ['2.13.0', 'affected', ['2.15.0']],
      ['2.14.1', 'affected', ['2.15.0']],
      ['2.15.0-rc1', 'affected', ['2.15.0']],
      ['2.15.0', 'clear'],
      ['2.15.0-ga', 'clear'],
      ['2.15.0-sp1', 'clear'],
      ['2.17.1', 'clear'],
    ]);
  });

  it('applies PyPI ranges with PEP 440 pre-, post- and dev-releases, to a name spelled differently', () => {
    expectVerdicts('GHSA-p64x-8rxx-wf6q', 'pkg:pypi/django', [
      ['3.1.14', 'clear'],
      ['3.2', 'affected', ['3.2.14']],
      ['3.2.0', 'affected', ['3.2.14']],
      ['3.2.14rc1', 'affected', ['3.2.14']],
      ['3.2.14', 'clear'],
      ['3.2.14.post1', 'clear'],
      ['4.0rc1', 'clear'],
      ['4.0', 'affected', ['4.0.6']],
      ['4.0.5.post1', 'affected', ['4.0.6']],
      ['4.0.6.dev1', 'affected', ['4.0.6']],
      ['4.0.6', 'clear'],
    ]);
  });

  it('orders PyPI epochs above every version without one', () => {
    expectVerdicts('PYSEC-0000-0001', 'pkg:pypi/tollgate_epoch.demo', [
      ['2.0', 'affected', ['1!0.5']],
      ['1!0.4', 'affected', ['1!0.5']],
      ['1!0.5.dev1', 'affected', ['1!0.5']],
      ['1!0.5', 'clear'],
      ['1!1.0b2', 'clear'],
      ['1!1.0rc1', 'affected', ['1!1.0.post1']],
      ['1!1.0', 'affected', ['1!1.0.post1']],
      ['1!1.0.post1', 'clear'],
    ]);
  });

  it('applies Debian ranges per release, with revisions compared by dpkg rules', () => {
    const glibc = 'pkg:deb/debian/glibc';
    expectVerdicts(
      'DEBIAN-CVE-2023-4911',
      glibc,
      [
        ['2.36-9', 'affected', ['2.36-9+deb12u3']],
        ['2.36-9+deb12u2', 'affected', ['2.36-9+deb12u3']],
        ['2.36-9+deb12u3', 'clear'],
        ['2.36-9+deb12u10', 'clear'],
      ],
      '?arch=amd64&distro=debian-12',
    );
    expectVerdicts('DEBIAN-CVE-2023-4911', glibc, [['2.31-13+deb11u6', 'affected', ['2.31-13+deb11u7']], ['2.31-13+deb11u7', 'clear']], '?distro=bullseye');
  });

  it('orders Debian epochs before everything else, and a ~ revision before the plain one', () => {
    expectVerdicts(
      'DSA-5621-1',
      'pkg:deb/debian/bind9',
      [
        ['1:9.18.19-1~deb12u1', 'affected', ['1:9.18.24-1']],
        ['1:9.18.24-0.1', 'affected', ['1:9.18.24-1']],
        ['1:9.18.24-1~deb12u1', 'affected', ['1:9.18.24-1']],
        ['1:9.18.24-1', 'clear'],
        ['1:9.18.24-1+deb12u1', 'clear'],
        ['9.20.0-1', 'affected', ['1:9.18.24-1']],
      ],
      '?distro=debian-12',
    );
  });

  it('checks every release and says so when a Debian package names none, unless its version suffix does', () => {
    const report = matchComponents(db, [component('pkg:deb/debian/glibc', '2.36-9', '?arch=amd64'), component('pkg:deb/debian/glibc', '2.36-9+deb12u3', '?arch=amd64')]);

    expect(report.matches).toHaveLength(1);
    expect(report.matches[0]).toMatchObject({
      version: '2.36-9',
      matchedPackages: [
        { osvEcosystem: 'Debian:12', name: 'glibc' },
        { osvEcosystem: 'Debian:13', name: 'glibc' },
      ],
      fixedVersions: ['2.36-9+deb12u3', '2.37-12'],
    });
    expect(report.matches[0].caveats[0]).toBe("the component's distro release is unknown (its purl has no distro= qualifier); matched against Debian:12, Debian:13");
  });

  it('applies Alpine ranges with apk ordering, and finds a binary package by its upstream (origin) qualifier', () => {
    expectVerdicts(
      'ALPINE-CVE-2023-5363',
      'pkg:apk/alpine/openssl',
      [
        ['3.1.3-r0', 'affected', ['3.1.4-r0']],
        ['3.1.4_rc1-r0', 'affected', ['3.1.4-r0']],
        ['3.1.4-r0', 'clear'],
        ['3.1.4-r1', 'clear'],
        ['3.1.4_p1-r0', 'clear'],
      ],
      '?arch=x86_64&distro=alpine-3.18.4',
    );
    expectVerdicts('ALPINE-CVE-2023-5363', 'pkg:apk/alpine/openssl', [['3.0.11-r0', 'affected', ['3.0.12-r0']], ['3.0.12-r0', 'clear']], '?distro=alpine-3.17.6');

    const libcrypto = matchComponents(db, [component('pkg:apk/alpine/libcrypto3', '3.1.3-r0', '?arch=x86_64&upstream=openssl&distro=alpine-3.18.4')]);
    expect(libcrypto.matches.map((m) => [m.advisoryId, m.caveats])).toEqual([['ALPINE-CVE-2023-5363', []]]);
  });

  it('misses a distro binary package named unlike its source package unless the source name is given', () => {
    const binary = { purl: 'pkg:apk/alpine/libcrypto3@3.1.3-r0?arch=x86_64', version: '3.1.3-r0' };

    expect(matchComponents(db, [binary]).matches).toEqual([]);
    const withSource = matchComponents(db, [{ ...binary, sourceName: 'openssl', distroRelease: '3.18' }]);
    expect(withSource.matches.map((m) => m.advisoryId)).toEqual(['ALPINE-CVE-2023-5363']);
  });

  it('applies Go SEMVER ranges to v-prefixed versions and pseudo-versions', () => {
    expectVerdicts('GO-2023-2102', 'pkg:golang/golang.org/x/net', [
      ['v0.0.0-20230905200255-921286631fa9', 'affected', ['0.17.0']],
      ['v0.16.0', 'affected', ['0.17.0']],
      ['v0.17.0-rc.1', 'affected', ['0.17.0']],
      ['v0.17.0', 'clear'],
    ]);
    expectVerdicts('GO-2023-2102', 'pkg:golang/stdlib', [
      ['v1.20.9', 'affected', ['1.20.10']],
      ['v1.20.10', 'clear'],
      ['v1.21.0-rc.2', 'affected', ['1.21.3']],
      ['v1.21.3', 'clear'],
    ]);
  });

  it('treats last_affected as inclusive and offers no fixed version for it', () => {
    expectVerdicts('GHSA-2p57-rm9w-gvfp', 'pkg:npm/ip', [
      ['1.1.9', 'affected'],
      ['2.0.1-beta.1', 'affected'],
      ['2.0.1', 'affected'],
      ['2.0.2-rc.1', 'clear'],
      ['2.0.2', 'clear'],
    ]);
  });

  it('reports a version its ecosystem cannot order as unmatchable, naming the ordering', () => {
    const report = matchComponents(db, [component('pkg:golang/golang.org/x/net', '0.17'), component('pkg:npm/ip', 'latest')]);

    expect(report.matches).toEqual([]);
    expect(report.unmatchable).toEqual([
      { purl: 'pkg:golang/golang.org/x/net@0.17', version: '0.17', advisoryId: 'GO-2023-2102', reason: expect.stringContaining('Go golang.org/x/net: "0.17" is not a SemVer 2.0 version') },
      { purl: 'pkg:npm/ip@latest', version: 'latest', advisoryId: 'GHSA-2p57-rm9w-gvfp', reason: expect.stringContaining('npm ip: "latest" is not a SemVer 2.0 version') },
    ]);
  });

  it('gives each match the advisory facts a finding needs', () => {
    const report = matchComponents(db, [component('pkg:maven/org.apache.logging.log4j/log4j-core', '2.14.1')]);

    expect(report.matches).toEqual([
      {
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        version: '2.14.1',
        advisoryId: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        summary: 'Remote code injection in Log4j',
        modified: '2024-07-24T19:58:54Z',
        severity: 'critical',
        severitySource: 'CVSS_V3',
        score: 10,
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
        fixedVersions: ['2.15.0'],
        references: [
          { type: 'ADVISORY', url: 'https://example.org/advisories/CVE-2021-44228' },
          { type: 'PACKAGE', url: 'https://example.org/logging/log4j2' },
        ],
        matchedPackages: [{ osvEcosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }],
        caveats: [],
      },
    ]);
  });

  it('scores each fixture advisory from its best source', () => {
    const report = matchComponents(db, [
      component('pkg:npm/lodash', '4.17.20'),
      component('pkg:npm/ip', '2.0.0'),
      component('pkg:apk/alpine/openssl', '3.1.3-r0', '?distro=alpine-3.18'),
      component('pkg:deb/debian/glibc', '2.36-9', '?distro=debian-12'),
    ]);

    expect(report.matches.map((m) => [m.advisoryId, m.severity, m.severitySource, m.score])).toEqual([
      ['ALPINE-CVE-2023-5363', 'high', 'CVSS_V3', 7.5],
      ['DEBIAN-CVE-2023-4911', 'medium', 'unscored', undefined],
      ['GHSA-2p57-rm9w-gvfp', 'high', 'CVSS_V3', 8.1],
      ['GHSA-29mw-wpgm-hmr9', 'medium', 'CVSS_V3', 5.3],
    ]);
  });

  it('lists components it cannot look up instead of dropping them', () => {
    const report = matchComponents(db, [
      { purl: 'pkg:generic/openssl@3.0.0', version: '3.0.0' },
      { purl: 'pkg:deb/raspbian/glibc@2.36-9', version: '2.36-9' },
      { purl: 'not a purl', version: '1' },
      { purl: 'pkg:npm/lodash@4.17.20', version: '4.17.20', ecosystem: 'pypi' },
    ]);

    expect(report.unsupported).toEqual([
      { purl: 'pkg:generic/openssl@3.0.0', reason: 'purl type "generic" has no OSV ecosystem Tollgate matches' },
      { purl: 'pkg:deb/raspbian/glibc@2.36-9', reason: 'deb packages of "raspbian" have no OSV ecosystem Tollgate matches' },
      { purl: 'not a purl', reason: expect.stringContaining('not a purl') },
      { purl: 'pkg:npm/lodash@4.17.20', reason: 'component says ecosystem "pypi" but its purl is of type "npm"' },
    ]);
  });

  it('looks each component up once by its key, never scanning the database', () => {
    const asked: string[] = [];
    const counting: AffectedLookup = {
      candidates: (key: string): readonly AffectedEntry[] => {
        asked.push(key);
        return db.candidates(key);
      },
    };
    const components = Array.from({ length: 1000 }, (_, i) => component('pkg:npm/lodash', `4.17.${i}`));

    const report = matchComponents(counting, components);

    expect(asked).toHaveLength(1000);
    expect(new Set(asked)).toEqual(new Set(['npm\u0000lodash']));
    expect(report.matches).toHaveLength(21);
  });
});
