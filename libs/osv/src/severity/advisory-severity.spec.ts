import { validateOsvRecord } from '../schema/parse-osv-record';
import { advisorySeverity, severityOfScore } from './advisory-severity';
import { cvssBaseScore } from './cvss-score';

const V3_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'; // 10.0
const V3_HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5
const V3_MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L'; // 5.3
const V4_CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'; // 9.3
const V2_HIGH = 'AV:N/AC:L/Au:N/C:P/I:P/A:P'; // 7.5

function record(fields: Record<string, unknown>) {
  return validateOsvRecord({ id: 'TEST-1', modified: '2024-01-01T00:00:00Z', ...fields }, 'TEST-1.json');
}

describe(advisorySeverity.name, () => {
  it('takes the higher of the CVSS 4.0 and 3.x base scores', () => {
    const result = advisorySeverity(
      record({
        severity: [
          { type: 'CVSS_V3', score: V3_HIGH },
          { type: 'CVSS_V4', score: V4_CRITICAL },
        ],
        database_specific: { severity: 'LOW' },
      }),
    );

    expect(result).toEqual({ severity: 'critical', source: 'CVSS_V4', score: 9.3, vector: V4_CRITICAL, notes: [] });
  });

  it('scores a CVSS 3.0 vector with the 3.0 formula', () => {
    const result = advisorySeverity(record({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }));

    expect(result).toMatchObject({ severity: 'critical', source: 'CVSS_V3', score: 9.8 });
  });

  it("falls back to the database's own word, reading GitHub's MODERATE as medium", () => {
    expect(advisorySeverity(record({ database_specific: { severity: 'MODERATE' } }))).toEqual({ severity: 'medium', source: 'database_specific', notes: [] });
    expect(advisorySeverity(record({ database_specific: { severity: 'CRITICAL' } })).severity).toBe('critical');
  });

  it('uses CVSS 2 only after the database word, on the CVSS 2 scale', () => {
    expect(advisorySeverity(record({ severity: [{ type: 'CVSS_V2', score: V2_HIGH }] }))).toMatchObject({ severity: 'high', source: 'CVSS_V2', score: 7.5 });
    expect(advisorySeverity(record({ severity: [{ type: 'CVSS_V2', score: V2_HIGH }], database_specific: { severity: 'LOW' } })).source).toBe('database_specific');
  });

  it('uses an Ubuntu priority when nothing else scores the advisory', () => {
    expect(advisorySeverity(record({ severity: [{ type: 'Ubuntu', score: 'negligible' }] }))).toEqual({ severity: 'info', source: 'Ubuntu', notes: [] });
  });

  it('assumes medium and marks it unscored when no source scores the advisory', () => {
    expect(advisorySeverity(record({}))).toEqual({ severity: 'medium', source: 'unscored', notes: [] });
  });

  it('skips a vector that does not score, saying why, and uses the next source', () => {
    const result = advisorySeverity(record({ severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L' }], database_specific: { severity: 'HIGH' } }));

    expect(result).toEqual({
      severity: 'high',
      source: 'database_specific',
      notes: ['CVSS_V4 "CVSS:4.0/AV:N/AC:L" skipped: CVSS 4.0 base metrics AT, PR, UI, VC, VI, VA, SC, SI, SA missing'],
    });
  });

  it("prefers an affected package's own severity to the record's", () => {
    const withPackageSeverity = record({
      affected: [
        { package: { ecosystem: 'npm', name: 'a' }, severity: [{ type: 'CVSS_V3', score: V3_MEDIUM }] },
        { package: { ecosystem: 'npm', name: 'b' } },
      ],
      database_specific: { severity: 'CRITICAL' },
    });
    const [a, b] = withPackageSeverity.affected ?? [];

    expect(advisorySeverity(withPackageSeverity, a)).toMatchObject({ severity: 'medium', score: 5.3 });
    expect(advisorySeverity(withPackageSeverity, b)).toMatchObject({ severity: 'critical', source: 'database_specific' });
  });
});

describe(severityOfScore.name, () => {
  it('rates scores at the CVSS boundaries', () => {
    expect([10, 9.0, 8.9, 7.0, 6.9, 4.0, 3.9, 0.1, 0].map(severityOfScore)).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'info']);
  });
});

describe(cvssBaseScore.name, () => {
  it('scores each CVSS version', () => {
    expect([V3_CRITICAL, V3_MEDIUM, V4_CRITICAL, V2_HIGH, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'].map((v) => cvssBaseScore(v))).toMatchObject([
      { ok: true, version: '3.1', score: 10 },
      { ok: true, version: '3.1', score: 5.3 },
      { ok: true, version: '4.0', score: 9.3 },
      { ok: true, version: '2.0', score: 7.5 },
      { ok: true, version: '3.1', score: 0 },
    ]);
  });

  it('rejects a vector with a repeated, unknown or missing metric, or an unknown version', () => {
    expect(cvssBaseScore(`${V3_HIGH}/AV:L`)).toMatchObject({ ok: false, reason: 'metric AV appears twice' });
    expect(cvssBaseScore('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toMatchObject({ ok: false, reason: 'Unknown component value Q for component AV' });
    expect(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toMatchObject({ ok: false, reason: 'CVSS 3.1 base metric A missing' });
    expect(cvssBaseScore('CVSS:5.0/AV:N')).toMatchObject({ ok: false, reason: expect.stringContaining('expected a CVSS vector') });
  });
});
