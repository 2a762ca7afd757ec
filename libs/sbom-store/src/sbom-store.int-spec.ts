import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { SBOM_STORE_MIGRATIONS } from './persistence/sbom-store.data-model';
import { SbomStore } from './sbom-store';
import { SbomStoreError } from './sbom-store.error';
import { builtSbomOf, digestOf } from './testing/built-sbom-of';

const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.0';
const ZLIB = 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64';
const LODASH_DEV = 'pkg:npm/lodash@4.17.21';

describe(SbomStore.name, () => {
  let db: TestDataSource;
  const store = new SbomStore();
  const q = <T>(sql: string, params: unknown[] = []) => db.dataSource.query(sql, params) as Promise<T>;
  const manager = () => db.dataSource.manager;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: SBOM_STORE_MIGRATIONS });
  });
  afterAll(() => db.destroy());

  describe('#save', () => {
    it('stores the document once and indexes each component once when the same artifact is saved twice', async () => {
      const artifact = digestOf('1');
      const built = builtSbomOf({ name: 'gateway', digest: artifact, components: [{ purl: LOG4J }, { purl: ZLIB }, { purl: LODASH_DEV, scope: 'dev' }] });

      const first = await store.save(manager(), built, { artifactDigest: artifact, pipelineRunId: 'run-1', sourceCommit: 'a1b2c3d' });
      const second = await store.save(manager(), built, { artifactDigest: artifact, pipelineRunId: 'run-1-redelivered' });

      expect(first).toEqual({ stored: true, sha256: built.sha256 });
      expect(second).toEqual({ stored: false, sha256: built.sha256 });
      expect(await q(`SELECT sha256, artifact_digest, pipeline_run_id, source_commit, subject_name, component_count, components_by_ecosystem FROM sbom_document WHERE artifact_digest = $1`, [artifact])).toEqual([
        {
          sha256: built.sha256,
          artifact_digest: artifact,
          pipeline_run_id: 'run-1',
          source_commit: 'a1b2c3d',
          subject_name: 'gateway',
          component_count: 3,
          components_by_ecosystem: { maven: 1, deb: 1, npm: 1 },
        },
      ]);
      expect(await q(`SELECT sbom_sha256, ecosystem, purl_base, version, purl, scope FROM sbom_component WHERE sbom_sha256 = $1 ORDER BY purl`, [built.sha256])).toEqual([
        { sbom_sha256: built.sha256, ecosystem: 'deb', purl_base: 'pkg:deb/debian/zlib1g', version: '1:1.2.13.dfsg-1', purl: ZLIB, scope: 'required' },
        {
          sbom_sha256: built.sha256,
          ecosystem: 'maven',
          purl_base: 'pkg:maven/org.apache.logging.log4j/log4j-core',
          version: '2.17.0',
          purl: LOG4J,
          scope: 'required',
        },
        { sbom_sha256: built.sha256, ecosystem: 'npm', purl_base: 'pkg:npm/lodash', version: '4.17.21', purl: LODASH_DEV, scope: 'dev' },
      ]);
    });

    it('writes the document and all of its components in two statements, however many components', async () => {
      const artifact = digestOf('b');
      const purls = Array.from({ length: 250 }, (_, i) => ({ purl: `pkg:npm/package-${i}@1.0.${i}` }));
      const built = builtSbomOf({ name: 'console', digest: artifact, components: purls });
      const query = jest.spyOn(manager(), 'query');

      try {
        await store.save(manager(), built, { artifactDigest: artifact, pipelineRunId: 'run-b' });
        expect(query).toHaveBeenCalledTimes(2);
      } finally {
        query.mockRestore();
      }
      expect(await q(`SELECT count(*)::int AS n FROM sbom_component WHERE sbom_sha256 = $1`, [built.sha256])).toEqual([{ n: 250 }]);
    });

    it('keeps the first SBOM when a later build of the same artifact differs', async () => {
      const artifact = digestOf('2');
      const first = builtSbomOf({ name: 'gateway', digest: artifact, components: [{ purl: LOG4J }], timestamp: new Date('2026-11-01T09:00:00Z') });
      const later = builtSbomOf({ name: 'gateway', digest: artifact, components: [{ purl: LOG4J }], timestamp: new Date('2026-11-02T09:00:00Z') });

      await store.save(manager(), first, { artifactDigest: artifact, pipelineRunId: 'run-2' });
      const result = await store.save(manager(), later, { artifactDigest: artifact, pipelineRunId: 'run-3' });

      expect(later.sha256).not.toBe(first.sha256);
      expect(result).toEqual({ stored: false, sha256: first.sha256 });
      expect(await q(`SELECT count(*)::int AS n FROM sbom_component WHERE sbom_sha256 = $1`, [later.sha256])).toEqual([{ n: 0 }]);
    });

    it('refuses bytes that do not hash to the sha256 given', async () => {
      const built = { ...builtSbomOf({ name: 'gateway', digest: digestOf('3'), components: [{ purl: LOG4J }] }), sha256: 'f'.repeat(64) };

      await expect(store.save(manager(), built, { artifactDigest: digestOf('3'), pipelineRunId: 'run-4' })).rejects.toMatchObject({
        name: 'SbomStoreError',
        code: 'SBOM_SHA256_MISMATCH',
      });
    });

    it('refuses an SBOM describing another artifact than the one it is saved for', async () => {
      const built = builtSbomOf({ name: 'gateway', digest: digestOf('4'), components: [{ purl: LOG4J }] });

      await expect(store.save(manager(), built, { artifactDigest: digestOf('5'), pipelineRunId: 'run-5' })).rejects.toThrow(SbomStoreError);
      await expect(store.save(manager(), built, { artifactDigest: 'sha256:ABC', pipelineRunId: 'run-5' })).rejects.toMatchObject({ code: 'ARTIFACT_DIGEST_INVALID' });
    });

    it('refuses the same bytes for a second artifact, since the document then names neither', async () => {
      const anonymous = builtSbomOf({ name: 'firmware', components: [{ purl: ZLIB }] });
      await store.save(manager(), anonymous, { artifactDigest: digestOf('6'), pipelineRunId: 'run-6' });

      await expect(store.save(manager(), anonymous, { artifactDigest: digestOf('7'), pipelineRunId: 'run-7' })).rejects.toMatchObject({
        code: 'SBOM_STORED_FOR_OTHER_ARTIFACT',
      });
      expect(await store.getDocument(manager(), digestOf('7'), 'cyclonedx')).toBeUndefined();
    });
  });

  describe('#getDocument', () => {
    it('returns the stored CycloneDX and SPDX text of an artifact, byte for byte', async () => {
      const artifact = digestOf('8');
      const built = builtSbomOf({ name: 'infusion-pump-ui', digest: artifact, components: [{ purl: LOG4J }, { purl: ZLIB }] });
      await store.save(manager(), built, { artifactDigest: artifact, pipelineRunId: 'run-8' });

      const cyclonedx = await store.getDocument(manager(), artifact, 'cyclonedx');
      const spdx = await store.getDocument(manager(), artifact, 'spdx');

      expect(cyclonedx).toBe(built.cyclonedx);
      expect(spdx).toBe(built.spdx);
      const bom = JSON.parse(cyclonedx!) as { bomFormat: string; components: { purl: string }[] };
      expect(bom.bomFormat).toBe('CycloneDX');
      expect(bom.components.map((c) => c.purl)).toEqual([ZLIB, LOG4J]);
      expect((JSON.parse(spdx!) as { spdxVersion: string }).spdxVersion).toBe('SPDX-2.3');
    });

    it('returns undefined for an artifact without a stored SBOM', async () => {
      expect(await store.getDocument(manager(), digestOf('9'), 'spdx')).toBeUndefined();
    });
  });

  describe('#recordEnvironment', () => {
    it('records each environment and kind once, keeping the earliest time whatever the arrival order', async () => {
      const artifact = digestOf('a');
      const promoted = { artifactDigest: artifact, environment: 'staging', kind: 'promoted' as const };

      expect(await store.recordEnvironment(manager(), { ...promoted, at: new Date('2026-11-03T10:00:00Z') })).toBe(true);
      expect(await store.recordEnvironment(manager(), { ...promoted, at: new Date('2026-11-03T10:00:00Z') })).toBe(false);
      expect(await store.recordEnvironment(manager(), { ...promoted, at: new Date('2026-11-04T10:00:00Z') })).toBe(false);
      expect(await store.recordEnvironment(manager(), { ...promoted, at: new Date('2026-11-02T10:00:00Z') })).toBe(true);
      expect(await store.recordEnvironment(manager(), { ...promoted, kind: 'deployed', at: new Date('2026-11-05T10:00:00Z') })).toBe(true);

      expect(await q(`SELECT environment, kind, at FROM artifact_environment WHERE artifact_digest = $1 ORDER BY kind`, [artifact])).toEqual([
        { environment: 'staging', kind: 'deployed', at: new Date('2026-11-05T10:00:00Z') },
        { environment: 'staging', kind: 'promoted', at: new Date('2026-11-02T10:00:00Z') },
      ]);
    });
  });
});
