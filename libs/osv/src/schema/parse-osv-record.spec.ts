import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OsvRecordError } from '../osv.error';
import { parseOsvRecord, validateOsvRecord } from './parse-osv-record';

const minimal = { id: 'GHSA-aaaa-bbbb-cccc', modified: '2024-01-01T00:00:00Z' };

function issuesOf(json: unknown): unknown {
  try {
    validateOsvRecord(json, 'record.json');
  } catch (error) {
    if (error instanceof OsvRecordError) return error.issues;
    throw error;
  }
  throw new Error('expected the record to be rejected');
}

describe(parseOsvRecord.name, () => {
  it('reads a GitHub advisory record, dropping fields the schema does not define', async () => {
    const path = join(__dirname, '..', 'fixtures', 'db', 'npm', 'GHSA-29mw-wpgm-hmr9.json');
    const text = (await readFile(path, 'utf8')).replace('"id"', '"x_vendor_field": 1, "id"');

    const record = parseOsvRecord(text, path);

    expect(record).toMatchObject({ id: 'GHSA-29mw-wpgm-hmr9', aliases: ['CVE-2020-28500'], database_specific: { severity: 'MODERATE' } });
    expect(record).not.toHaveProperty('x_vendor_field');
  });

  it('gives the line and column of a JSON syntax error', () => {
    expect(() => parseOsvRecord('{\n  "id": "X-1",\n  "modified": "2024-01-01T00:00:00Z"\n  "affected": []\n}', 'advisories/X-1.json')).toThrow(
      "advisories/X-1.json: not valid JSON at line 4, column 3: Expected ',' or '}' after property value",
    );
  });

  it('rejects JSON that is not an object with the code OSV_RECORD_INVALID', () => {
    expect(() => parseOsvRecord('[]', 'list.json')).toThrow(expect.objectContaining({ code: 'OSV_RECORD_INVALID', message: 'list.json: expected object, got an array' }));
  });
});

describe(validateOsvRecord.name, () => {
  it('names the missing required fields', () => {
    expect(issuesOf({ summary: 'no id' })).toEqual([
      { path: 'id', message: 'expected string, got nothing (field missing)' },
      { path: 'modified', message: 'expected string, got nothing (field missing)' },
    ]);
  });

  it('rejects a timestamp that is not RFC 3339 or not a real date', () => {
    expect(issuesOf({ ...minimal, modified: '2024-01-01', published: '2024-13-45T00:00:00Z' })).toEqual([
      { path: 'modified', message: 'expected an RFC 3339 timestamp such as 2021-12-10T00:40:56Z, got "2024-01-01"' },
      { path: 'published', message: 'expected a real date and time (RFC 3339)' },
    ]);
  });

  it('rejects an event with two kinds, or with an unknown key, at its exact path', () => {
    const record = {
      ...minimal,
      affected: [{ package: { ecosystem: 'npm', name: 'demo' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0', last_affected: '0.9.0' }, { fixd: '2.0.0' }] }] }],
    };

    expect(issuesOf(record)).toEqual([
      { path: 'affected[0].ranges[0].events[1]', message: 'expected exactly one of introduced, fixed, last_affected, limit, got fixed and last_affected' },
      { path: 'affected[0].ranges[0].events[2]', message: 'unexpected field "fixd"' },
      { path: 'affected[0].ranges[0].events[2]', message: 'expected exactly one of introduced, fixed, last_affected, limit, got none' },
    ]);
  });

  it('requires an introduced event, keeps fixed and last_affected apart, and wants a repo for GIT ranges', () => {
    const record = {
      ...minimal,
      affected: [
        {
          package: { ecosystem: 'npm', name: 'demo' },
          ranges: [
            { type: 'SEMVER', events: [{ fixed: '1.0.0' }] },
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { last_affected: '1.2.0' }] },
            { type: 'GIT', events: [{ introduced: 'a'.repeat(40) }] },
          ],
        },
      ],
    };

    expect(issuesOf(record)).toEqual([
      { path: 'affected[0].ranges[0].events', message: 'expected at least one "introduced" event' },
      { path: 'affected[0].ranges[1].events[2]', message: '"last_affected" and "fixed" (events[1]) must not appear in the same range' },
      { path: 'affected[0].ranges[2].repo', message: 'expected the repository URL: "repo" is required for GIT ranges' },
    ]);
  });

  it('rejects unknown severity and range types and an empty package name', () => {
    const record = {
      ...minimal,
      severity: [{ type: 'CVSS_V5', score: 'CVSS:5.0/AV:N' }],
      affected: [{ package: { ecosystem: 'npm', name: '' }, ranges: [{ type: 'SEMVER_LIKE', events: [{ introduced: '0' }] }] }],
    };

    expect(issuesOf(record)).toEqual([
      { path: 'severity[0].type', message: 'expected one of "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", got "CVSS_V5"' },
      { path: 'affected[0].package.name', message: 'expected a non-empty string, got ""' },
      { path: 'affected[0].ranges[0].type', message: 'expected one of "SEMVER", "ECOSYSTEM", "GIT", got "SEMVER_LIKE"' },
    ]);
  });
});
