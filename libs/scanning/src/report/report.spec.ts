import { type Finding } from '../findings/finding';
import { findingsMarkdown } from './findings-markdown';
import { findingsTable } from './findings-table';
import { countsBySeverity } from './severity-order';

const base = { scanner: 'tollgate-iac', kind: 'iac' as const };
const findings: Finding[] = [
  { ...base, ruleId: 'TG-K8S-004', severity: 'medium', message: 'Container "api" has no memory limit', location: { path: 'deploy/app.yaml', startLine: 30 }, fix: 'Set resources.limits.memory.', fingerprint: '1'.repeat(64) },
  { ...base, ruleId: 'TG-TF-001', severity: 'critical', message: 'S3 bucket "logs" is public', location: { path: 'infra/storage.tf', startLine: 12 }, fix: 'Set acl = "private".', fingerprint: '2'.repeat(64) },
  { ...base, ruleId: 'TG-TF-007', severity: 'critical', message: 'Security group opens SSH to 0.0.0.0/0', location: { path: 'infra/network.tf', startLine: 4 }, fix: 'Restrict cidr_blocks to the bastion.', fingerprint: '3'.repeat(64) },
  { ...base, ruleId: 'TG-TF-001', severity: 'critical', message: 'S3 bucket "data" is public', location: { path: 'infra/storage.tf', startLine: 2 }, fingerprint: '4'.repeat(64) },
  { ...base, ruleId: 'TG-DOCKER-002', severity: 'low', message: 'Base image not pinned by digest', fingerprint: '5'.repeat(64) },
];

describe(countsBySeverity.name, () => {
  it('counts every severity, zeros included', () => {
    expect(countsBySeverity(findings)).toEqual({ critical: 3, high: 0, medium: 1, low: 1, info: 0 });
    expect(countsBySeverity([])).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  });
});

describe(findingsTable.name, () => {
  it('prints aligned columns sorted by severity, then path and line, and a count line', () => {
    expect(findingsTable(findings)).toBe(
      [
        'SEVERITY  RULE           LOCATION             MESSAGE',
        'CRITICAL  TG-TF-007      infra/network.tf:4   Security group opens SSH to 0.0.0.0/0',
        'CRITICAL  TG-TF-001      infra/storage.tf:2   S3 bucket "data" is public',
        'CRITICAL  TG-TF-001      infra/storage.tf:12  S3 bucket "logs" is public',
        'MEDIUM    TG-K8S-004     deploy/app.yaml:30   Container "api" has no memory limit',
        'LOW       TG-DOCKER-002  -                    Base image not pinned by digest',
        '',
        '5 findings: 3 critical, 1 medium, 1 low',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    expect(findingsTable([])).toBe('No findings.\n');
  });

  it('strips terminal control sequences and line breaks from external messages and cuts long ones', () => {
    const hostile: Finding = { ...base, ruleId: 'X1', severity: 'high', message: `fine\u001b[2J\u001b[31mred\nsecond line ${'y'.repeat(200)}`, fingerprint: '6'.repeat(64) };

    const table = findingsTable([hostile], { maxMessageLength: 40 });

    expect(table).not.toContain('\u001b');
    expect(table.split('\n')[1]).toBe(`HIGH      X1    -         fine [2J [31mred second line ${'y'.repeat(10)}…`);
  });
});

describe(findingsMarkdown.name, () => {
  const linkBase = 'https://git.example.invalid/pumps/monitor/blob/0123abc';

  it('renders counts by severity, then a table with file:line links and fixes, worst first', () => {
    const md = findingsMarkdown(findings, { linkBase, title: 'Scan of 0123abc' });

    expect(md).toBe(
      [
        '### Scan of 0123abc: 5 findings: 3 critical, 1 medium, 1 low',
        '',
        '**3 critical** · 0 high · **1 medium** · **1 low** · 0 info',
        '',
        '| Severity | Rule | Location | Finding | Fix |',
        '| --- | --- | --- | --- | --- |',
        `| critical | \`TG-TF-007\` | [infra/network.tf:4](${linkBase}/infra/network.tf#L4) | Security group opens SSH to 0.0.0.0/0 | Restrict cidr\\_blocks to the bastion. |`,
        `| critical | \`TG-TF-001\` | [infra/storage.tf:2](${linkBase}/infra/storage.tf#L2) | S3 bucket "data" is public | — |`,
        `| critical | \`TG-TF-001\` | [infra/storage.tf:12](${linkBase}/infra/storage.tf#L12) | S3 bucket "logs" is public | Set acl = "private". |`,
        `| medium | \`TG-K8S-004\` | [deploy/app.yaml:30](${linkBase}/deploy/app.yaml#L30) | Container "api" has no memory limit | Set resources.limits.memory. |`,
        '| low | `TG-DOCKER-002` | — | Base image not pinned by digest | — |',
        '',
      ].join('\n'),
    );
  });

  it('shows plain file:line without a link base and encodes paths in links', () => {
    const spaced: Finding = { ...findings[0]!, location: { path: 'deploy/my app (v2).yaml', startLine: 3 } };

    expect(findingsMarkdown([spaced])).toContain('| deploy/my app (v2).yaml:3 |');
    expect(findingsMarkdown([spaced], { linkBase: `${linkBase}/` })).toContain(`(${linkBase}/deploy/my%20app%20%28v2%29.yaml#L3)`);
  });

  it('neutralises HTML, mentions, links and pipes in external text', () => {
    const hostile: Finding = { ...base, ruleId: 'odd|rule', severity: 'high', message: '<img src=x onerror=alert(1)> ping @security-team [click](https://evil.invalid) a|b', fingerprint: '7'.repeat(64) };

    const row = findingsMarkdown([hostile]).split('\n').find((l) => l.startsWith('| high'));

    expect(row).toBe('| high | `odd\\|rule` | — | &lt;img src=x onerror=alert(1)&gt; ping &#64;security-team \\[click\\](https://evil.invalid) a\\|b | — |');
  });

  it('caps the rows and says how many more there are', () => {
    const md = findingsMarkdown(findings, { maxRows: 2 });

    expect(md.split('\n').filter((l) => l.startsWith('| critical'))).toHaveLength(2);
    expect(md).toContain('_… and 3 more not shown here; the SARIF export has them all._');
  });

  it('says there are no findings when the scan is clean', () => {
    expect(findingsMarkdown([])).toBe('### Tollgate scan: no findings\n\n0 critical · 0 high · 0 medium · 0 low · 0 info\n\nNo findings.\n');
  });
});
