import { VersionRangeError } from '../sbom-model';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { SBOM_STORE_MIGRATIONS } from '../persistence/sbom-store.data-model';
import { SbomStore, type ArtifactMatch } from '../sbom-store';
import { builtSbomOf, digestOf } from '../testing/built-sbom-of';

const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core';
const LODASH = 'pkg:npm/lodash';
const ZLIB = 'pkg:deb/debian/zlib1g';
const REQUESTS = 'pkg:pypi/requests';

// Four images of one product line; versions sit on either side of each query's boundary.
const ARTIFACTS = {
  a: [`${LOG4J}@2.17.0`, `${LODASH}@4.17.20`, `${ZLIB}@1:1.2.13.dfsg-1?arch=amd64`, `${REQUESTS}@2.31.0`],
  b: [`${LOG4J}@2.17.1-rc1`, `${LODASH}@4.17.21-beta.1`, `${ZLIB}@1:1.2.13.dfsg-2?arch=amd64`, `${REQUESTS}@2.32.0rc1`],
  c: [`${LOG4J}@2.17.1`, `${LODASH}@4.17.21`, `${LODASH}@4.17.9`, `${ZLIB}@1.2.13.dfsg-9?arch=amd64`, `${REQUESTS}@2.32.0`],
  d: [`${LOG4J}@2.17.2`, 'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.0', `${LODASH}@not-a-version`, `${ZLIB}@1:1.3.dfsg-1?arch=amd64`, `${REQUESTS}@2.32.3`],
};

/** artifact letter and version of each match, in the order returned. */
const found = (matches: ArtifactMatch[]) => matches.map((m) => [Object.keys(ARTIFACTS).find((k) => digestOf(k) === m.artifactDigest), m.version]);

describe('SbomStore#findArtifactsContaining', () => {
  let db: TestDataSource;
  const store = new SbomStore();
  const find = (purl: string, range?: string) => store.findArtifactsContaining(db.dataSource.manager, purl, range);

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: SBOM_STORE_MIGRATIONS });
    for (const [letter, purls] of Object.entries(ARTIFACTS)) {
      const built = builtSbomOf({ name: `gateway-${letter}`, digest: digestOf(letter), components: purls.map((purl) => ({ purl })) });
      await store.save(db.dataSource.manager, built, { artifactDigest: digestOf(letter), pipelineRunId: `run-${letter}`, sourceCommit: `commit-${letter}` });
    }
  });
  afterAll(() => db.destroy());

  it('finds Maven versions below the boundary, release candidates of the boundary included', async () => {
    const result = await find(LOG4J, '<2.17.1');

    expect(found(result.matches)).toEqual([
      ['a', '2.17.0'],
      ['b', '2.17.1-rc1'],
    ]);
    expect(result.matches[1]).toEqual({
      artifactDigest: digestOf('b'),
      version: '2.17.1-rc1',
      purl: `${LOG4J}@2.17.1-rc1`,
      scope: 'required',
      sbomSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      pipelineRunId: 'run-b',
      sourceCommit: 'commit-b',
      environments: [],
    });
    expect(result.skippedVersions).toBe(0);
  });

  it('reads a versioned purl as that exact version', async () => {
    expect(found((await find(`${LOG4J}@2.17.1`)).matches)).toEqual([['c', '2.17.1']]);
  });

  it('finds npm pre-releases below a release, and orders one artifact’s versions by semver, not text', async () => {
    const result = await find(LODASH, '<4.17.21');

    expect(found(result.matches)).toEqual([
      ['a', '4.17.20'],
      ['b', '4.17.21-beta.1'],
      ['c', '4.17.9'],
    ]);
    // d's "not-a-version" cannot be placed in a range: left out and counted, not fatal.
    expect(result.skippedVersions).toBe(1);
  });

  it('returns every version, unparsable ones included, when no range is given', async () => {
    const result = await find(LODASH);

    expect(found(result.matches)).toEqual([
      ['a', '4.17.20'],
      ['b', '4.17.21-beta.1'],
      ['c', '4.17.9'],
      ['c', '4.17.21'],
      ['d', 'not-a-version'],
    ]);
    expect(result.skippedVersions).toBe(0);
  });

  it('orders Debian versions by epoch, then upstream version, then revision', async () => {
    const result = await find(ZLIB, '<1:1.2.13.dfsg-2');

    expect(found(result.matches)).toEqual([
      ['a', '1:1.2.13.dfsg-1'],
      ['c', '1.2.13.dfsg-9'],
    ]);
    expect(result.matches[0].purl).toBe(`${ZLIB}@1:1.2.13.dfsg-1?arch=amd64`);
  });

  it('finds PyPI release candidates below the release, and treats 2.32 as 2.32.0', async () => {
    expect(found((await find(REQUESTS, '<2.32.0')).matches)).toEqual([
      ['a', '2.31.0'],
      ['b', '2.32.0rc1'],
    ]);
    expect(found((await find(`${REQUESTS}@2.32`)).matches)).toEqual([['c', '2.32.0']]);
  });

  it('searches by the canonical purl, whatever qualifiers or case the caller wrote', async () => {
    expect(found((await find(`${ZLIB}?arch=arm64`, '>=1:1.3')).matches)).toEqual([['d', '1:1.3.dfsg-1']]);
    expect(found((await find('pkg:pypi/Requests', '>2.32.0')).matches)).toEqual([['d', '2.32.3']]);
  });

  it('asks the database twice at most, and once when no stored version is in range', async () => {
    const query = jest.spyOn(db.dataSource.manager, 'query');
    try {
      await find(LODASH);
      expect(query).toHaveBeenCalledTimes(2);
      query.mockClear();
      await find(LODASH, '>=9.0.0');
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it('finds nothing for a package no SBOM lists', async () => {
    expect(await find('pkg:npm/left-pad', '<2.0.0')).toEqual({ matches: [], skippedVersions: 0 });
  });

  it('lists where each artifact went, once recorded', async () => {
    const manager = db.dataSource.manager;
    await store.recordEnvironment(manager, { artifactDigest: digestOf('a'), environment: 'staging', kind: 'promoted', at: new Date('2026-11-03T10:00:00Z') });
    await store.recordEnvironment(manager, { artifactDigest: digestOf('a'), environment: 'production', kind: 'deployed', at: new Date('2026-11-04T08:30:00.250Z') });

    const result = await find(LOG4J, '<2.17.1');

    expect(result.matches.map((m) => m.environments)).toEqual([
      [
        { environment: 'production', kind: 'deployed', at: new Date('2026-11-04T08:30:00.250Z') },
        { environment: 'staging', kind: 'promoted', at: new Date('2026-11-03T10:00:00Z') },
      ],
      [],
    ]);
  });

  describe('before any SQL', () => {
    // A schema without the store's tables: any query that reached the database would fail there.
    let empty: TestDataSource;
    const findInEmpty = (purl: string, range?: string) => store.findArtifactsContaining(empty.dataSource.manager, purl, range);

    beforeAll(async () => {
      empty = await createTestDataSource({ entities: [], migrations: [] });
    });
    afterAll(() => empty.destroy());

    it('would reach the database with a good query (so the refusals below are not SQL errors)', async () => {
      await expect(findInEmpty(LOG4J, '<2.17.1')).rejects.toThrow(/relation "sbom_component" does not exist/);
    });

    it('refuses a bad range with the range error', async () => {
      await expect(findInEmpty(LOG4J, '<2.17.1 ||')).rejects.toThrow(VersionRangeError);
      await expect(findInEmpty(LOG4J, '<2.17.1 ||')).rejects.toMatchObject({ offset: 10, code: 'VERSION_RANGE_INVALID' });
      await expect(findInEmpty(`${ZLIB}`, '<a1.0')).rejects.toThrow(VersionRangeError);
    });

    it('refuses a purl type it does not index, a string that is not a purl, and a versioned purl with a range', async () => {
      await expect(findInEmpty('pkg:gem/rails', '<7.0')).rejects.toMatchObject({ name: 'SbomStoreError', code: 'PURL_TYPE_UNSUPPORTED' });
      await expect(findInEmpty('lodash')).rejects.toMatchObject({ name: 'SbomStoreError', code: 'PURL_INVALID' });
      await expect(findInEmpty(`${LOG4J}@2.17.0`, '<2.17.1')).rejects.toMatchObject({ name: 'SbomStoreError', code: 'PURL_VERSION_WITH_RANGE' });
    });
  });
});
