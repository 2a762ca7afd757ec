import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalScannerError } from './external-scanner.error';
import { runExternalScanner } from './run-external-scanner';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const node = process.execPath;

/** A process is gone once it no longer exists or is a zombie nobody has reaped yet. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return /^State:\s+Z/m.test(status);
}

async function failureOf(run: Promise<unknown>): Promise<ExternalScannerError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ExternalScannerError) return error;
    throw error;
  }
  throw new Error('expected the scan to fail');
}

describe(runExternalScanner.name, () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'tollgate-ext-'));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  it('ingests SARIF from stdout as findings named after the configured scanner, with paths relative to cwd', async () => {
    const result = await runExternalScanner({ name: 'fake-iac', command: [node, fixture('emit-sarif.js')], sarifOutput: 'stdout' }, { cwd, timeoutMs: 30_000 });

    expect(result.exitCode).toBe(0);
    expect(result.findings.map((f) => [f.scanner, f.ruleId, f.kind, f.severity, f.location?.path, f.location?.startLine, f.fix])).toEqual([
      ['fake-iac', 'FAKE-001', 'iac', 'critical', 'infra/main.tf', 3, 'Make the bucket private.'],
      ['fake-iac', 'FAKE-002', 'other', 'medium', 'src/tls.js', 9, undefined],
    ]);
    expect(result.stderrTail).toBe('scan finished\n');
    expect(result.sarif).toMatchObject({ version: '2.1.0' });
  });

  it('reads SARIF from a file under {out} and accepts exit code 1, which scanners use for "found something"', async () => {
    const result = await runExternalScanner(
      { name: 'file-writer', command: [node, fixture('emit-sarif.js'), '--file', '{out}/results.sarif', '--exit', '1'], sarifOutput: { file: 'results.sarif' } },
      { cwd, timeoutMs: 30_000 },
    );

    expect(result.exitCode).toBe(1);
    expect(result.findings).toHaveLength(2);
  });

  it('gives the scanner only PATH, LANG, a fresh empty HOME, TMPDIR and its allow-listed variables, never the parent secrets', async () => {
    const parentToken = `test-parent-token-${process.pid}`;
    process.env['VAULT_TOKEN'] = parentToken;
    try {
      const result = await runExternalScanner(
        { name: 'print-env', command: [node, fixture('print-env.js')], sarifOutput: 'stdout', env: { SCANNER_LICENSE: 'lic-123' } },
        { cwd, timeoutMs: 30_000 },
      );

      const vars = Object.fromEntries(result.findings.filter((f) => f.ruleId === 'ENV').map((f) => f.message.split(/=(.*)/s).slice(0, 2)));
      expect(Object.keys(vars).sort()).toEqual(['HOME', 'LANG', 'PATH', 'SCANNER_LICENSE', 'TMPDIR']);
      expect(vars['SCANNER_LICENSE']).toBe('lic-123');
      expect(vars['HOME']).toMatch(/tollgate-scan-print-env-.*\/home$/);
      expect(result.findings.find((f) => f.ruleId === 'HOME_ENTRIES')?.message).toBe('0');
      expect(JSON.stringify(result)).not.toContain(parentToken);
      expect(existsSync(vars['HOME']!)).toBe(false);
    } finally {
      delete process.env['VAULT_TOKEN'];
    }
  });

  it('kills a hanging scanner and everything it started at the timeout (SIGTERM, then SIGKILL) and reports TIMEOUT', async () => {
    const pidFile = join(cwd, 'pids');

    const error = await failureOf(runExternalScanner({ name: 'hangs', command: [node, fixture('hang.js'), pidFile], sarifOutput: 'stdout' }, { cwd, timeoutMs: 3000, killGraceMs: 200 }));

    expect(error).toMatchObject({ code: 'TIMEOUT', scanner: 'hangs', message: 'scanner "hangs" did not finish within 3000 ms and was killed (SIGTERM, then SIGKILL after 200 ms)' });
    const pids = (await readFile(pidFile, 'utf8')).split(' ').map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.map(isGone)).toEqual([true, true]);
  });

  it("uses the scanner's own timeout over the caller's", async () => {
    const error = await failureOf(
      runExternalScanner({ name: 'hangs', command: [node, fixture('hang.js'), join(cwd, 'pids')], sarifOutput: 'stdout', timeoutMs: 1000 }, { cwd, timeoutMs: 600_000, killGraceMs: 100 }),
    );

    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('within 1000 ms');
  });

  it('stops the scanner when the caller aborts and reports ABORTED', async () => {
    const controller = new AbortController();
    const pidFile = join(cwd, 'pids');
    const run = runExternalScanner({ name: 'hangs', command: [node, fixture('hang.js'), pidFile], sarifOutput: 'stdout' }, { cwd, timeoutMs: 600_000, killGraceMs: 100, signal: controller.signal });
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
    controller.abort();

    expect(await failureOf(run)).toMatchObject({ code: 'ABORTED' });
    expect((await readFile(pidFile, 'utf8')).split(' ').map(Number).map(isGone)).toEqual([true, true]);
  });

  it('reports EXIT_NONZERO with the end of stderr, and redacts the values it was given', async () => {
    const token = `scanner-token-${process.pid}`;

    const error = await failureOf(runExternalScanner({ name: 'crashes', command: [node, fixture('crash.js')], sarifOutput: 'stdout', env: { SCANNER_TOKEN: token } }, { cwd, timeoutMs: 30_000 }));

    expect(error).toMatchObject({ code: 'EXIT_NONZERO', details: { exitCode: 2 } });
    expect(error.message).toMatch(/^scanner "crashes" exited with code 2 \(accepted exit codes: 0, 1\)\nstderr \(end\):\n/);
    expect(error.message).toContain('using token [redacted]\nfatal: cannot parse policy bundle\n');
    expect(error.message).not.toContain('loading policy 1\n');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(token);
  });

  it('reports EXIT_NONZERO when the exit code is not a findings exit code, even with SARIF', async () => {
    const error = await failureOf(
      runExternalScanner({ name: 'strict', command: [node, fixture('emit-sarif.js'), '--exit', '1'], sarifOutput: 'stdout', findingsExitCodes: [0] }, { cwd, timeoutMs: 30_000 }),
    );

    expect(error.code).toBe('EXIT_NONZERO');
  });

  it('reports NO_SARIF when the scanner succeeds without writing SARIF where configured', async () => {
    const error = await failureOf(runExternalScanner({ name: 'silent', command: [node, fixture('emit-sarif.js')], sarifOutput: { file: 'reports/out.sarif' } }, { cwd, timeoutMs: 30_000 }));

    expect(error).toMatchObject({ code: 'NO_SARIF', message: expect.stringMatching(/^scanner "silent" exited with code 0 but wrote no SARIF to \{out\}\/reports\/out\.sarif/) });
  });

  it('reports INVALID_SARIF with the parse position when the output is not JSON', async () => {
    const error = await failureOf(runExternalScanner({ name: 'chatty', command: [node, fixture('garbage.js'), 'text'], sarifOutput: 'stdout' }, { cwd, timeoutMs: 30_000 }));

    expect(error.code).toBe('INVALID_SARIF');
    expect(error.message).toMatch(/^scanner "chatty" wrote output that is not JSON: Unexpected token/);
  });

  it('reports INVALID_SARIF with the offending path when the JSON is not SARIF', async () => {
    const error = await failureOf(runExternalScanner({ name: 'broken', command: [node, fixture('garbage.js'), 'json'], sarifOutput: 'stdout' }, { cwd, timeoutMs: 30_000 }));

    expect(error).toMatchObject({ code: 'INVALID_SARIF', message: 'scanner "broken" wrote invalid SARIF 2.1.0: runs[0].tool.driver: expected object, got missing' });
  });

  it('reports SPAWN_FAILED when the program does not exist, without a shell to interpret it', async () => {
    const error = await failureOf(runExternalScanner({ name: 'absent', command: ['no-such-scanner-binary; echo pwned'], sarifOutput: 'stdout' }, { cwd, timeoutMs: 30_000 }));

    expect(error).toMatchObject({ code: 'SPAWN_FAILED', message: expect.stringContaining('ENOENT') });
  });

  it('rejects a config that would override HOME, leave {out} or pass a bad variable name, without echoing values', async () => {
    const error = await failureOf(
      runExternalScanner(
        { name: 'bad', command: [node], sarifOutput: { file: '../escape.sarif' }, env: { HOME: '/root', 'BAD-NAME': 'secret-value' } },
        { cwd, timeoutMs: 30_000 },
      ),
    );

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('sarifOutput');
    expect(error.message).toContain('env');
    expect(error.message).not.toContain('secret-value');
  });
});
