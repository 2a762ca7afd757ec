import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITIES } from '../findings/finding';
import { IAC_RULES } from './iac-rules';

// Rules whose fixtures hold credential-shaped values are built at run time in their specs
// (so the repository holds no such literal); TG-PARSE-001 is exercised by scan-iac-files.spec.
const FIXTURES_IN_SPECS = new Set(['TG-TF-020', 'TG-DF-003', 'TG-PARSE-001']);
const FIXTURE_DIRS: Record<string, [string, string]> = { TF: ['terraform', 'tf'], K8S: ['kubernetes', 'yaml'], DF: ['dockerfile', 'Dockerfile'] };

describe('IAC_RULES', () => {
  it('has at least 30 rules with unique, well-formed ids, sorted', () => {
    const ids = IAC_RULES.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const id of ids) expect(id).toMatch(/^TG-(TF|K8S|DF|PARSE)-\d{3}$/);
  });

  it('gives every rule a title, message, fix, known severity and kind iac', () => {
    for (const rule of IAC_RULES) {
      expect(rule).toMatchObject({ kind: 'iac', title: expect.any(String), message: expect.any(String), fix: expect.any(String) });
      expect(SEVERITIES).toContain(rule.severity);
    }
  });

  it('keeps critical for public buckets, wildcard IAM, admin ports, privileged containers and hard-coded credentials', () => {
    expect(IAC_RULES.filter((r) => r.severity === 'critical').map((r) => r.id)).toEqual([
      'TG-DF-003', 'TG-K8S-001', 'TG-TF-001', 'TG-TF-002', 'TG-TF-005', 'TG-TF-006', 'TG-TF-008', 'TG-TF-020',
    ]);
  });

  it('has a positive and a negative fixture for every rule', () => {
    for (const { id } of IAC_RULES.filter((r) => !FIXTURES_IN_SPECS.has(r.id))) {
      const [dir, ext] = FIXTURE_DIRS[id.split('-')[1]!]!;
      for (const kind of ['positive', 'negative']) expect([id, existsSync(join(__dirname, 'fixtures', dir, id.toLowerCase(), `${kind}.${ext}`))]).toEqual([id, true]);
    }
  });
});
