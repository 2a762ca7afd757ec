import { PackageURL } from 'packageurl-js';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { CreateSbomStoreTables1764000000400 } from '../persistence/create-sbom-store-tables.migration';
import { IndexComponentSources1765100000400 } from '../persistence/index-component-sources.migration';
import { SBOM_STORE_MIGRATIONS } from '../persistence/sbom-store.data-model';
import { SbomStore, type ArtifactMatch } from '../sbom-store';
import { builtSbomOf, digestOf } from '../testing/built-sbom-of';
import { sourcePackageOf } from './source-package';

const DEB = '?arch=amd64&distro=debian-12';
// Debian 12 images as the SBOM lib writes them: the source package in upstream=, with its version when it differs.
const IMAGES = {
  a: [`pkg:deb/debian/libc6@2.36-9+deb12u2${DEB}&upstream=glibc`, `pkg:deb/debian/libc-bin@2.36-9+deb12u2${DEB}&upstream=glibc`, `pkg:deb/debian/bash@5.2.15-2+b2${DEB}&upstream=bash%405.2.15-2`],
  // A binNMU: the binary's version is above the fixed glibc, the source it was built from is not.
  b: [`pkg:deb/debian/libc6@2.36-9+deb12u3+b1${DEB}&upstream=glibc%402.36-9%2Bdeb12u2`],
  c: [`pkg:deb/debian/libc6@2.36-9+deb12u3${DEB}&upstream=glibc`, 'pkg:npm/glibc@1.0.0'],
  d: ['pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&upstream=musl', 'pkg:apk/alpine/musl-utils@1.2.4_git20230717-r4?arch=x86_64&upstream=musl'],
};

/** image letter, binary name, version and source version (when found by source) of each match, in the order returned. */
const found = (matches: ArtifactMatch[]) =>
  matches.map((m) => [Object.keys(IMAGES).find((k) => digestOf(k) === m.artifactDigest), PackageURL.fromString(m.purl).name, m.version, m.sourceVersion]);

describe('SbomStore#findArtifactsContaining by source package (deb, apk)', () => {
  let db: TestDataSource;
  const store = new SbomStore();
  const find = (purl: string, range?: string) => store.findArtifactsContaining(db.dataSource.manager, purl, range);

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: SBOM_STORE_MIGRATIONS });
    for (const [letter, purls] of Object.entries(IMAGES)) {
      const built = builtSbomOf({ name: `gateway-${letter}`, digest: digestOf(letter), components: purls.map((purl) => ({ purl })) });
      await store.save(db.dataSource.manager, built, { artifactDigest: digestOf(letter), pipelineRunId: `run-${letter}` });
    }
  });
  afterAll(() => db.destroy());

  it('finds the binaries built from a source package by the source’s name, each with the source version', async () => {
    const result = await find('pkg:deb/debian/glibc');

    expect(found(result.matches)).toEqual([
      ['a', 'libc-bin', '2.36-9+deb12u2', '2.36-9+deb12u2'],
      ['a', 'libc6', '2.36-9+deb12u2', '2.36-9+deb12u2'],
      ['b', 'libc6', '2.36-9+deb12u3+b1', '2.36-9+deb12u2'],
      ['c', 'libc6', '2.36-9+deb12u3', '2.36-9+deb12u3'],
    ]);
    expect(result.matches[1]).toEqual({
      artifactDigest: digestOf('a'),
      version: '2.36-9+deb12u2',
      purl: `pkg:deb/debian/libc6@2.36-9+deb12u2${DEB}&upstream=glibc`,
      scope: 'required',
      sbomSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      pipelineRunId: 'run-a',
      sourceCommit: null,
      environments: [],
      sourceVersion: '2.36-9+deb12u2',
    });
  });

  it('checks a range on a source name against the source version, not the binary’s', async () => {
    expect(found((await find('pkg:deb/debian/glibc', '<2.36-9+deb12u3')).matches)).toEqual([
      ['a', 'libc-bin', '2.36-9+deb12u2', '2.36-9+deb12u2'],
      ['a', 'libc6', '2.36-9+deb12u2', '2.36-9+deb12u2'],
      ['b', 'libc6', '2.36-9+deb12u3+b1', '2.36-9+deb12u2'],
    ]);
    expect(found((await find('pkg:deb/debian/glibc@2.36-9+deb12u3')).matches)).toEqual([['c', 'libc6', '2.36-9+deb12u3', '2.36-9+deb12u3']]);
  });

  it('still answers a binary name by the binary’s own purl and version', async () => {
    expect(found((await find('pkg:deb/debian/libc6', '<2.36-9+deb12u3')).matches)).toEqual([['a', 'libc6', '2.36-9+deb12u2', undefined]]);
    // A binary of its own source is found once, by its purl.
    expect(found((await find('pkg:deb/debian/bash')).matches)).toEqual([['a', 'bash', '5.2.15-2+b2', undefined]]);
  });

  it('finds an Alpine origin’s subpackages, and the package of that name itself once', async () => {
    expect(found((await find('pkg:apk/alpine/musl')).matches)).toEqual([
      ['d', 'musl-utils', '1.2.4_git20230717-r4', '1.2.4_git20230717-r4'],
      ['d', 'musl', '1.2.4_git20230717-r4', undefined],
    ]);
  });

  it('finds no distro binary for a package of another ecosystem with the source’s name', async () => {
    expect(found((await find('pkg:npm/glibc')).matches)).toEqual([['c', 'glibc', '1.0.0', undefined]]);
  });

  it('still asks the database twice at most', async () => {
    const query = jest.spyOn(db.dataSource.manager, 'query');
    try {
      await find('pkg:deb/debian/glibc', '<2.36-9+deb12u3');
      expect(query).toHaveBeenCalledTimes(2);
    } finally {
      query.mockRestore();
    }
  });
});

describe('IndexComponentSources migration', () => {
  // Stored before the migration, as the SBOM lib writes them (packageurl-js encoding).
  const STORED = [
    ['pkg:deb/debian/libc6@2.36-9+deb12u2?arch=amd64&distro=debian-12&upstream=glibc', '2.36-9+deb12u2'],
    ['pkg:deb/debian/libc6@2.36-9+deb12u3+b1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u2', '2.36-9+deb12u3+b1'],
    ['pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&upstream=gcc-12%20%281%3A12.2.0-14%7E1%29', '12.2.0-14'],
    ['pkg:deb/debian/libdbus-c%2B%2B-1-0v5@0.9.0-11?upstream=dbus-c%2B%2B', '0.9.0-11'],
    ['pkg:deb/debian/bash@5.2.15-2+b2?upstream=bash%405.2.15-2', '5.2.15-2+b2'],
    ['pkg:apk/alpine/musl-utils@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl', '1.2.4_git20230717-r4'],
    ['pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&upstream=musl', '1.2.4_git20230717-r4'],
    ['pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64', '1:1.2.13.dfsg-1'],
    ['pkg:npm/lodash@4.17.21?upstream=underscore', '4.17.21'],
  ];
  let db: TestDataSource;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: [CreateSbomStoreTables1764000000400] });
    const sha = 'e'.repeat(64);
    await db.dataSource.query(
      `INSERT INTO sbom_document (sha256, artifact_digest, pipeline_run_id, subject_name, cyclonedx, spdx, component_count, components_by_ecosystem)
       VALUES ($1, $2, 'run-old', 'gateway-old', '{}', '{}', $3, '{}')`,
      [sha, digestOf('e'), STORED.length],
    );
    for (const [purl, version] of STORED) {
      await db.dataSource.query(
        `INSERT INTO sbom_component (sbom_sha256, ecosystem, purl_base, version, purl, scope) VALUES ($1, split_part(substr($2, 5), '/', 1), split_part($2, '@', 1), $3, $2, 'required')`,
        [sha, purl, version],
      );
    }
    const runner = db.dataSource.createQueryRunner();
    try {
      await new IndexComponentSources1765100000400().up(runner);
    } finally {
      await runner.release();
    }
  });
  afterAll(() => db.destroy());

  it('backfills the rows already stored exactly as the store indexes new ones', async () => {
    const rows = (await db.dataSource.query('SELECT purl, source_purl_base, source_version FROM sbom_component')) as { purl: string; source_purl_base: string | null; source_version: string | null }[];
    const backfilled = Object.fromEntries(rows.map((r) => [r.purl, r.source_purl_base === null ? undefined : { purlBase: r.source_purl_base, version: r.source_version }]));

    expect(backfilled).toEqual(Object.fromEntries(STORED.map(([purl, version]) => [purl, sourcePackageOf(purl, version)])));
    // Not vacuous: five of the rows have a source named otherwise.
    expect(rows.filter((r) => r.source_purl_base !== null).map((r) => `${r.source_purl_base} ${r.source_version}`).sort()).toEqual([
      'pkg:apk/alpine/musl 1.2.4_git20230717-r4',
      'pkg:deb/debian/dbus-c%2B%2B 0.9.0-11',
      'pkg:deb/debian/gcc-12 1:12.2.0-14~1',
      'pkg:deb/debian/glibc 2.36-9+deb12u2',
      'pkg:deb/debian/glibc 2.36-9+deb12u2',
    ]);
  });

  it('makes the rows stored before findable by their source', async () => {
    const { matches } = await new SbomStore().findArtifactsContaining(db.dataSource.manager, 'pkg:deb/debian/glibc', '<2.36-9+deb12u3');
    expect(matches.map((m) => [m.version, m.sourceVersion])).toEqual([
      ['2.36-9+deb12u2', '2.36-9+deb12u2'],
      ['2.36-9+deb12u3+b1', '2.36-9+deb12u2'],
    ]);
  });
});
