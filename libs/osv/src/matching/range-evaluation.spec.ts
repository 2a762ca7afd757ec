import { validateOsvRecord } from '../schema/parse-osv-record';
import type { OsvAffected } from '../schema/osv-record.schema';
import { affectedEntries } from './affected-entry';
import { evaluateEntry, type EntryVerdict } from './range-evaluation';

/** The verdict for `version` against a one-package record built from `affected`. */
function verdicts(affected: OsvAffected, versions: readonly string[]): Record<string, EntryVerdict> {
  const record = validateOsvRecord({ id: 'TEST-1', modified: '2024-01-01T00:00:00Z', affected: [affected] }, 'TEST-1.json');
  const [entry] = affectedEntries(record);
  return Object.fromEntries(versions.map((v) => [v, evaluateEntry(entry, v)]));
}

const kinds = (result: Record<string, EntryVerdict>): Record<string, string> => Object.fromEntries(Object.entries(result).map(([v, r]) => [v, r.kind]));

describe(evaluateEntry.name, () => {
  it('sorts events before evaluating, whatever order the record lists them in', () => {
    const result = verdicts({ package: { ecosystem: 'npm', name: 'demo' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1.5.0' }, { introduced: '1.0.0' }, { fixed: '2.1.0' }, { introduced: '2.0.0' }] }] }, [
      '0.9.0',
      '1.0.0',
      '1.4.9',
      '1.5.0',
      '1.9.9',
      '2.0.0',
      '2.1.0',
    ]);

    expect(kinds(result)).toEqual({ '0.9.0': 'not-affected', '1.0.0': 'affected', '1.4.9': 'affected', '1.5.0': 'not-affected', '1.9.9': 'not-affected', '2.0.0': 'affected', '2.1.0': 'not-affected' });
    expect(result['1.0.0']).toEqual({ kind: 'affected', fixedVersions: ['1.5.0'] });
  });

  it('keeps versions at or above every limit out, and treats a "*" limit as no limit', () => {
    const limited = verdicts({ package: { ecosystem: 'npm', name: 'demo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { limit: '2.0.0' }] }] }, ['1.9.9', '2.0.0']);
    const unlimited = verdicts({ package: { ecosystem: 'npm', name: 'demo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { limit: '*' }] }] }, ['99.0.0']);

    expect(kinds(limited)).toEqual({ '1.9.9': 'affected', '2.0.0': 'not-affected' });
    expect(kinds(unlimited)).toEqual({ '99.0.0': 'affected' });
  });

  it('matches listed versions exactly, GIT ranges only through them, and needs no ordering to do so', () => {
    const result = verdicts(
      {
        package: { ecosystem: 'npm', name: 'demo' },
        ranges: [{ type: 'GIT', repo: 'https://example.org/demo.git', events: [{ introduced: 'a'.repeat(40) }, { fixed: 'b'.repeat(40) }] }],
        versions: ['1.2.3', 'nightly-2024'],
      },
      ['1.2.3', '1.2.30', 'nightly-2024', 'nightly'],
    );

    expect(kinds(result)).toEqual({ '1.2.3': 'affected', '1.2.30': 'not-affected', 'nightly-2024': 'affected', nightly: 'not-affected' });
  });

  it('matches a Go version listed without its v prefix', () => {
    const result = verdicts({ package: { ecosystem: 'Go', name: 'example.org/demo' }, versions: ['1.4.0'] }, ['v1.4.0']);

    expect(kinds(result)).toEqual({ 'v1.4.0': 'affected' });
  });

  it('tells 1:2.3-1 (affected) from the security update 1:2.3-1+deb12u1 (fixed)', () => {
    const result = verdicts({ package: { ecosystem: 'Debian:12', name: 'demo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:2.3-1+deb12u1' }] }] }, [
      '1:2.3-1',
      '1:2.3-1+deb12u1',
      '2.3-1+deb12u2',
    ]);

    expect(kinds(result)).toEqual({ '1:2.3-1': 'affected', '1:2.3-1+deb12u1': 'not-affected', '2.3-1+deb12u2': 'affected' });
  });

  it('says which event of the advisory its ecosystem cannot order, instead of clearing the component', () => {
    const result = verdicts({ package: { ecosystem: 'PyPI', name: 'demo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: 'release-2' }] }] }, ['1.0']);

    expect(result['1.0']).toEqual({
      kind: 'unmatchable',
      reason: expect.stringMatching(/^the advisory's affected\[0\]\.ranges\[0\]\.events\[1\]\.fixed "release-2" is not a PyPI version: must be PEP 440/),
    });
  });

  it('still reports a match from a good range when another range of the entry cannot be ordered', () => {
    const result = verdicts(
      {
        package: { ecosystem: 'npm', name: 'demo' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: 'v2' }] },
          { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.1.0' }] },
        ],
      },
      ['1.0.5', '3.0.0'],
    );

    expect(result['1.0.5']).toEqual({ kind: 'affected', fixedVersions: ['1.1.0'] });
    expect(result['3.0.0'].kind).toBe('unmatchable');
  });
});
