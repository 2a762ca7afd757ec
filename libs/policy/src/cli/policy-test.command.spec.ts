import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '@tollgate/event-client';
import { DEFAULT_POLICY_PACK_FILE } from '../pack/load-policy-pack';
import { CLEAN_EVIDENCE_FILE } from '../testing/evidence-fixture';
import { policyTestCommand } from './policy-test.command';

function capturedIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    stdin: (async function* () {})(),
    env: {},
    out: () => out,
    err: () => err,
  };
}

const RULE = ['rules:', '  - id: no-secrets', '    severity: critical', '    description: d', '    each: evidence.findings.filter(f, f.kind == "secret")', '    message: secret', '    remediation: rotate'];

describe(policyTestCommand.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-policy-test-'));
    await writeFile(join(dir, 'clean.yaml'), await readFile(CLEAN_EVIDENCE_FILE, 'utf8'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function packFile(name: string, lines: string[]): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, ['name: demo', 'version: 1.0.0', 'description: demo', ...lines, ''].join('\n'));
    return file;
  }

  it('exits 0 and prints PASS for every test of the default pack', async () => {
    const io = capturedIo();
    expect(await policyTestCommand([DEFAULT_POLICY_PACK_FILE], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('PASS  '))).toHaveLength(lines.length - 1);
    expect(lines.at(-1)).toMatch(/^\d+ tests, (\d+) passed, 0 failed: tollgate-default 1\.0\.0 \(sha256:/);
  });

  it('exits 1 and prints FAIL with the unmet expectation', async () => {
    const file = await packFile('wrong.yaml', [
      ...RULE,
      'tests:',
      '  - name: clean passes',
      '    evidence: clean.yaml',
      '    expect: { verdict: pass }',
      '  - name: a secret is expected to pass (wrongly)',
      '    evidence: clean.yaml',
      '    patch: { findings: [{ ruleId: k, scanner: s, kind: secret, severity: low, message: key, fingerprint: f1 }] }',
      '    expect: { verdict: pass, failedRules: [] }',
    ]);
    const io = capturedIo();
    expect(await policyTestCommand([file], io)).toBe(1);
    expect(io.out()).toContain('PASS  clean passes\n');
    expect(io.out()).toContain(`FAIL  a secret is expected to pass (wrongly)  (${file}:15)\n`);
    expect(io.out()).toContain('      expected verdict pass, got fail (no-secrets: secret)\n');
    expect(io.out()).toContain('      expected failedRules [], got [no-secrets] (no-secrets: secret)\n');
  });

  it('exits 2 on a malformed pack with file:line:column: reason', async () => {
    const file = await packFile('bad.yaml', [...RULE.slice(0, 4), '    each: evidence.findings.filter(f, f.kind == "secret"', '    message: m', '    remediation: r']);
    const io = capturedIo();
    expect(await policyTestCommand([file], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+: rules\\[0\\]\\.each: rule no-secrets: CEL syntax error`));
    expect(io.out()).toBe('');
  });

  it('exits 2 when a test evidence file is missing, naming the test line', async () => {
    const file = await packFile('nofile.yaml', [...RULE, 'tests:', '  - name: t', '    evidence: absent.yaml', '    expect: { verdict: pass }']);
    const io = capturedIo();
    expect(await policyTestCommand([file], io)).toBe(2);
    expect(io.err()).toContain(`${file}:13:15: tests[0].evidence: cannot read evidence file ${join(dir, 'absent.yaml')}: no such file`);
  });

  it('exits 1 for a pack without tests, since it proves nothing', async () => {
    const io = capturedIo();
    expect(await policyTestCommand([await packFile('untested.yaml', RULE)], io)).toBe(1);
    expect(io.out()).toContain('no tests in');
  });

  it('prints one JSON document with --json', async () => {
    const io = capturedIo();
    expect(await policyTestCommand([DEFAULT_POLICY_PACK_FILE, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { policy: { name: string }; failed: number; tests: Array<{ name: string; passed: boolean; decision: { verdict: string } }> };
    expect(report.policy.name).toBe('tollgate-default');
    expect(report.failed).toBe(0);
    expect(report.tests[0]).toMatchObject({ name: 'a clean build passes without warnings', passed: true, decision: { verdict: 'pass' } });
  });

  it('exits 2 with the usage on bad usage', async () => {
    const io = capturedIo();
    expect(await policyTestCommand([], io)).toBe(2);
    expect(io.err()).toContain('missing <pack.yaml>');
    expect(io.err()).toContain('Usage: tollgate policy test');
    expect(await policyTestCommand(['a.yaml', '--bogus'], capturedIo())).toBe(2);
  });
});
