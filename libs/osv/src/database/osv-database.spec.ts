import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { matchComponents } from '../matching/match-components';
import { OsvLoadError, OsvRecordError } from '../osv.error';
import { parseOsvRecord } from '../schema/parse-osv-record';
import { OsvDatabase } from './osv-database';

const FIXTURES = join(__dirname, '..', 'fixtures');
const DB = join(FIXTURES, 'db');

async function fixtureText(relative: string): Promise<string> {
  return readFile(join(DB, relative), 'utf8');
}

/** A fixture record with some fields changed, as the text a newer (or older) copy would have. */
async function variant(relative: string, change: Record<string, unknown>): Promise<string> {
  return JSON.stringify({ ...(JSON.parse(await fixtureText(relative)) as object), ...change });
}

const log4j = (version: string) => ({ purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${version}`, version });
const lodash = (version: string) => ({ purl: `pkg:npm/lodash@${version}`, version });

describe(OsvDatabase.name, () => {
  let work: string;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'tollgate-osv-'));
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('#loadDirectory', () => {
    it('loads every JSON record below the directory, withdrawn ones included but counted', async () => {
      const db = new OsvDatabase();
      const report = await db.loadDirectory(DB);

      expect(report).toMatchObject({ source: DB, files: 10, added: 10, replaced: 0, withdrawn: 1, errors: [] });
      expect(db.ids()).toEqual([
        'ALPINE-CVE-2023-5363',
        'DEBIAN-CVE-2023-4911',
        'DSA-5621-1',
        'GHSA-0000-0000-0001',
        'GHSA-29mw-wpgm-hmr9',
        'GHSA-2p57-rm9w-gvfp',
        'GHSA-jfh8-c2jp-5v3q',
        'GHSA-p64x-8rxx-wf6q',
        'GO-2023-2102',
        'PYSEC-0000-0001',
      ]);
      expect(db.sourceOf('GO-2023-2102')).toBe(join(DB, 'Go', 'GO-2023-2102.json'));
    });

    it('reports each malformed file with its path and field, and loads the good ones, when lenient', async () => {
      await mkdir(join(work, 'npm'));
      await writeFile(join(work, 'npm', 'GHSA-29mw-wpgm-hmr9.json'), await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json'));
      await writeFile(join(work, 'npm', 'broken-syntax.json'), await readFile(join(FIXTURES, 'malformed', 'broken-syntax.json')));
      await writeFile(join(work, 'GHSA-bad-fields.json'), await readFile(join(FIXTURES, 'malformed', 'GHSA-bad-fields.json')));
      const db = new OsvDatabase();

      const report = await db.loadDirectory(work);

      expect(report).toMatchObject({ files: 3, added: 1 });
      expect(report.errors.map((e) => e.message)).toEqual([
        `${join(work, 'GHSA-bad-fields.json')}: modified: expected an RFC 3339 timestamp such as 2021-12-10T00:40:56Z, got "yesterday"; ` +
          'severity[0].type: expected one of "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", got "CVSS_3"; ' +
          'affected[0].ranges[0].events[0]: expected exactly one of introduced, fixed, last_affected, limit, got introduced and fixed',
        `${join(work, 'npm', 'broken-syntax.json')}: not valid JSON at line 4, column 3: Expected ',' or '}' after property value`,
      ]);
      expect(report.errors.every((e) => e instanceof OsvRecordError)).toBe(true);
      expect(matchComponents(db, [lodash('4.17.20')]).matches.map((m) => m.advisoryId)).toEqual(['GHSA-29mw-wpgm-hmr9']);
    });

    it('loads nothing and throws every malformed file, when strict', async () => {
      await writeFile(join(work, 'GHSA-29mw-wpgm-hmr9.json'), await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json'));
      await writeFile(join(work, 'broken-syntax.json'), await readFile(join(FIXTURES, 'malformed', 'broken-syntax.json')));
      const db = new OsvDatabase();

      const loading = db.loadDirectory(work, { strict: true });

      await expect(loading).rejects.toThrow(OsvLoadError);
      await expect(loading).rejects.toMatchObject({ code: 'OSV_STRICT_REJECTED', source: work, recordErrors: [{ file: join(work, 'broken-syntax.json') }] });
      expect(db.size).toBe(0);
    });

    it('throws and loads nothing when the directory does not exist', async () => {
      const db = new OsvDatabase();
      const missing = join(work, 'no-such-dir');

      await expect(db.loadDirectory(missing)).rejects.toMatchObject({ code: 'OSV_SOURCE_UNREADABLE', message: expect.stringContaining(`${missing}: cannot read the advisory directory`) });
      expect(db.size).toBe(0);
    });
  });

  describe('#loadZip', () => {
    async function allZip(entries: Record<string, string>): Promise<string> {
      const path = join(work, 'Maven-all.zip');
      await writeFile(path, zipSync(Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, strToU8(text)]))));
      return path;
    }

    it('loads every advisory in an OSV per-ecosystem archive, skipping non-JSON entries', async () => {
      const path = await allZip({
        'GHSA-jfh8-c2jp-5v3q.json': await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json'),
        'GHSA-29mw-wpgm-hmr9.json': await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json'),
        'nested/DSA-5621-1.json': await fixtureText('Debian/DSA-5621-1.json'),
        'LICENSE.txt': 'not an advisory',
      });
      const db = new OsvDatabase();

      const report = await db.loadZip(path);

      expect(report).toMatchObject({ source: path, files: 3, added: 3, errors: [] });
      expect(db.sourceOf('DSA-5621-1')).toBe(`${path}!nested/DSA-5621-1.json`);
      expect(matchComponents(db, [log4j('2.14.1')]).matches.map((m) => m.advisoryId)).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    });

    it('names the entry inside the archive when one record is malformed, and loads the rest', async () => {
      const path = await allZip({
        'GHSA-jfh8-c2jp-5v3q.json': await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json'),
        'GHSA-dddd-eeee-ffff.json': '{"id": "GHSA-dddd-eeee-ffff", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm"}}]}',
      });
      const db = new OsvDatabase();

      const report = await db.loadZip(path);

      expect(report.added).toBe(1);
      expect(report.errors.map((e) => e.message)).toEqual([`${path}!GHSA-dddd-eeee-ffff.json: affected[0].package.name: expected string, got nothing (field missing)`]);
    });

    it('accepts the archive as bytes, named for messages', async () => {
      const bytes = zipSync({ 'bad.json': strToU8('{') });
      const db = new OsvDatabase();

      const report = await db.loadZip(bytes, { name: 'PyPI/all.zip' });

      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]).toMatchObject({ code: 'OSV_JSON_INVALID', file: 'PyPI/all.zip!bad.json' });
      expect(report.errors[0].message).toMatch(/^PyPI\/all\.zip!bad\.json: not valid JSON at line 1, column 2: /);
    });

    it('reports an entry whose compressed data is corrupt, and loads the others', async () => {
      const text = await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json');
      const bytes = zipSync({ 'GHSA-jfh8-c2jp-5v3q.json': strToU8(text), 'GHSA-29mw-wpgm-hmr9.json': strToU8(await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json')) });
      // Damage the first entry's deflate stream, just past its 30-byte header and name.
      for (let at = 60; at < 140; at++) bytes[at] ^= 0xff;
      const db = new OsvDatabase();

      const report = await db.loadZip(bytes, { name: 'all.zip' });

      expect(report.added).toBe(1);
      expect(report.errors).toEqual([expect.objectContaining({ code: 'OSV_ENTRY_UNREADABLE', file: 'all.zip!GHSA-jfh8-c2jp-5v3q.json' })]);
      expect(db.ids()).toEqual(['GHSA-29mw-wpgm-hmr9']);
    });

    it('refuses a file that is not a zip, and a truncated one, loading nothing', async () => {
      const notZip = join(work, 'not.zip');
      await writeFile(notZip, 'PK? no, just text');
      const whole = await readFile(await allZip({ 'GHSA-jfh8-c2jp-5v3q.json': await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json') }));
      const truncated = join(work, 'truncated.zip');
      await writeFile(truncated, whole.subarray(0, whole.length - 30));
      const db = new OsvDatabase();

      await expect(db.loadZip(notZip)).rejects.toMatchObject({ code: 'OSV_ARCHIVE_INVALID', message: `${notZip}: not a readable zip archive, nothing loaded: it does not start with a zip header` });
      await expect(db.loadZip(truncated)).rejects.toMatchObject({ code: 'OSV_ARCHIVE_INVALID', message: expect.stringContaining('truncated') });
      expect(db.size).toBe(0);
    });
  });

  describe('#upsert', () => {
    it('replaces a record with a newer modified and ignores an older or equal one', async () => {
      const db = new OsvDatabase();
      db.ingest(await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json'), 'stored');
      // An older copy that still called 2.15.0 affected (fixed only in 2.16.0).
      const older = await variant('Maven/GHSA-jfh8-c2jp-5v3q.json', {
        modified: '2021-12-10T00:40:56Z',
        affected: [{ package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.16.0' }] }] }],
      });

      expect(db.ingest(older, 'older')).toEqual({ id: 'GHSA-jfh8-c2jp-5v3q', outcome: 'stale', withdrawn: false });
      expect(db.ingest(await fixtureText('Maven/GHSA-jfh8-c2jp-5v3q.json'), 'same')).toMatchObject({ outcome: 'unchanged' });
      expect(matchComponents(db, [log4j('2.15.0')]).matches).toEqual([]);
      expect(db.sourceOf('GHSA-jfh8-c2jp-5v3q')).toBe('stored');

      const newer = await variant('Maven/GHSA-jfh8-c2jp-5v3q.json', {
        modified: '2025-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.17.1' }] }] }],
      });
      expect(db.ingest(newer, 'newer')).toMatchObject({ outcome: 'replaced' });
      expect(matchComponents(db, [log4j('2.15.0')]).matches.map((m) => m.fixedVersions)).toEqual([['2.17.1']]);
      // The replaced record's other package left the index with it.
      expect(matchComponents(db, [{ purl: 'pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2@1.11.9', version: '1.11.9' }]).matches).toEqual([]);
    });

    it('stops matching an advisory once a newer withdrawn copy arrives, and keeps an older copy out', async () => {
      const db = new OsvDatabase();
      db.ingest(await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json'), 'first');
      expect(matchComponents(db, [lodash('4.17.20')]).matches).toHaveLength(1);

      const withdrawn = await variant('npm/GHSA-29mw-wpgm-hmr9.json', { modified: '2024-01-01T00:00:00Z', withdrawn: '2024-01-01T00:00:00Z' });
      expect(db.ingest(withdrawn, 'withdrawn')).toEqual({ id: 'GHSA-29mw-wpgm-hmr9', outcome: 'replaced', withdrawn: true });
      expect(matchComponents(db, [lodash('4.17.20')]).matches).toEqual([]);

      expect(db.ingest(await fixtureText('npm/GHSA-29mw-wpgm-hmr9.json'), 'again')).toMatchObject({ outcome: 'stale', withdrawn: true });
      expect(matchComponents(db, [lodash('4.17.20')]).matches).toEqual([]);
      expect(db.get('GHSA-29mw-wpgm-hmr9')?.withdrawn).toBe('2024-01-01T00:00:00Z');
    });

    it('never matches a record that arrives already withdrawn', async () => {
      const db = new OsvDatabase();
      db.upsert(parseOsvRecord(await fixtureText('npm/GHSA-0000-0000-0001.json'), 'withdrawn.json'));

      expect(matchComponents(db, [lodash('4.17.21')]).matches).toEqual([]);
    });

    it('throws OsvRecordError naming the file when ingesting text that is not a record', () => {
      const db = new OsvDatabase();

      expect(() => db.ingest('{"id": "X-1"}', 'POST /v1/advisories')).toThrow('POST /v1/advisories: modified: expected string, got nothing (field missing)');
      expect(db.size).toBe(0);
    });
  });
});
