import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseOsvRecord } from '../schema/parse-osv-record';
import type { OsvRecord } from '../schema/osv-record.schema';
import { validateOsvRecord } from '../schema/parse-osv-record';
import { affectedPackages, matchAdvisory } from './match-advisory';

async function fixture(relative: string): Promise<OsvRecord> {
  const path = join(__dirname, '..', 'fixtures', 'db', relative);
  return parseOsvRecord(await readFile(path, 'utf8'), path);
}

describe(affectedPackages.name, () => {
  it('gives the versionless purls an SBOM store indexes, one per package', async () => {
    expect(affectedPackages(await fixture('Maven/GHSA-jfh8-c2jp-5v3q.json'))).toEqual([
      { osvEcosystem: 'Maven', osvName: 'org.apache.logging.log4j:log4j-core', ecosystem: 'maven', purlBase: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
      { osvEcosystem: 'Maven', osvName: 'org.ops4j.pax.logging:pax-logging-log4j2', ecosystem: 'maven', purlBase: 'pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2' },
    ]);
    expect(affectedPackages(await fixture('Go/GO-2023-2102.json')).map((p) => p.purlBase)).toEqual(['pkg:golang/golang.org/x/net', 'pkg:golang/stdlib']);
    expect(affectedPackages(await fixture('PyPI/PYSEC-0000-0001.json')).map((p) => p.purlBase)).toEqual(['pkg:pypi/tollgate-epoch-demo']);
  });

  it('collapses the releases of one distro package into its source package purl', async () => {
    expect(affectedPackages(await fixture('Debian/DEBIAN-CVE-2023-4911.json'))).toEqual([
      { osvEcosystem: 'Debian:12', osvName: 'glibc', ecosystem: 'deb', purlBase: 'pkg:deb/debian/glibc' },
    ]);
    expect(affectedPackages(await fixture('Alpine/ALPINE-CVE-2023-5363.json')).map((p) => p.purlBase)).toEqual(['pkg:apk/alpine/openssl']);
  });

  it('spells scoped npm, Packagist and Maven-repository packages as the SBOM does, and skips ecosystems Tollgate does not match', () => {
    const record = validateOsvRecord(
      {
        id: 'GHSA-67hx-6x53-jw92',
        modified: '2023-10-16T00:00:00Z',
        affected: [
          { package: { ecosystem: 'npm', name: '@babel/traverse' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '7.23.2' }] }] },
          { package: { ecosystem: 'Packagist', name: 'Laravel/Framework' }, versions: ['10.0.0'] },
          { package: { ecosystem: 'Maven:https://maven.google.com', name: 'androidx.core:core' }, versions: ['1.0.0'] },
          { package: { ecosystem: 'RubyGems', name: 'rails' }, versions: ['7.0.0'] },
        ],
      },
      'inline',
    );

    expect(affectedPackages(record).map((p) => p.purlBase)).toEqual(['pkg:composer/laravel/framework', 'pkg:maven/androidx.core/core', 'pkg:npm/%40babel/traverse']);
  });

  it('gives nothing for a withdrawn advisory', async () => {
    expect(affectedPackages(await fixture('npm/GHSA-0000-0000-0001.json'))).toEqual([]);
  });
});

describe(matchAdvisory.name, () => {
  it('flags exactly the stored components inside the new advisory\'s ranges, boundaries included', async () => {
    const advisory = await fixture('Maven/GHSA-jfh8-c2jp-5v3q.json');
    // What the store returned for the advisory's purl bases: every stored version, across artifacts.
    const stored = ['2.0-beta8', '2.0-beta9', '2.3.1', '2.12.1', '2.12.2', '2.15.0-rc1', '2.15.0'].map((version) => ({
      purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${version}`,
      version,
    }));
    const pax = { purl: 'pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2@1.11.9', version: '1.11.9' };
    const unrelated = { purl: 'pkg:npm/lodash@4.17.20', version: '4.17.20' };

    const report = matchAdvisory(advisory, [...stored, pax, unrelated]);

    expect(report.matches.map((m) => [m.purl, m.fixedVersions])).toEqual([
      ['pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta9', ['2.3.1']],
      ['pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1', ['2.12.2']],
      ['pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0-rc1', ['2.15.0']],
      ['pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2@1.11.9', ['1.11.10']],
    ]);
    expect(report.unmatchable).toEqual([]);
  });

  it('matches nothing for a withdrawn advisory', async () => {
    const report = matchAdvisory(await fixture('npm/GHSA-0000-0000-0001.json'), [{ purl: 'pkg:npm/lodash@4.17.21', version: '4.17.21' }]);

    expect(report.matches).toEqual([]);
  });
});
