import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Finding } from '../findings/finding';
import { findingsFromSarif } from '../sarif/findings-from-sarif';
import { SarifError } from '../sarif/sarif.error';
import { type ExternalScannerConfig, type ParsedExternalScannerConfig, parseExternalScannerConfig } from './external-scanner.config';
import { ExternalScannerError } from './external-scanner.error';
import { type ScannerProcessOutcome, runScannerProcess } from './scanner-process';

export interface RunExternalScannerOptions {
  /** The checked-out tree the scanner looks at; absolute `file:` URIs under it become relative paths. */
  readonly cwd: string;
  /** Default deadline; the scanner's own `timeoutMs` wins. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL. Default 2000. */
  readonly killGraceMs?: number;
  /** Largest SARIF accepted. Default 256 MiB. */
  readonly maxSarifBytes?: number;
}

export interface ExternalScanResult {
  readonly scanner: string;
  readonly findings: Finding[];
  readonly exitCode: number;
  /** The SARIF as the scanner wrote it (parsed), for content-addressed storage. */
  readonly sarif: unknown;
  readonly stderrTail: string;
}

export const DEFAULT_FINDINGS_EXIT_CODES: readonly number[] = [0, 1];
const DEFAULT_MAX_SARIF_BYTES = 256 * 1024 * 1024;

/**
 * Runs a SARIF-emitting scanner (wizcli, trivy, checkov, semgrep…) and ingests its
 * findings. It gets no shell and a scrubbed environment: PATH, LANG, a fresh empty HOME
 * and TMPDIR, and only the variables its config lists — never the service's own secrets.
 * Any outcome other than "exited with a findings exit code and wrote valid SARIF" is an
 * ExternalScannerError.
 */
export async function runExternalScanner(config: ExternalScannerConfig, options: RunExternalScannerOptions): Promise<ExternalScanResult> {
  const scanner = parseExternalScannerConfig(config);
  if (options.signal?.aborted) throw new ExternalScannerError('ABORTED', scanner.name, `scanner "${scanner.name}" was not started: the scan was cancelled`);
  const work = await mkdtemp(join(tmpdir(), `tollgate-scan-${scanner.name}-`));
  try {
    const dirs = { home: join(work, 'home'), out: join(work, 'out'), tmp: join(work, 'tmp') };
    await Promise.all(Object.values(dirs).map((dir) => mkdir(dir)));
    const env = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', LANG: process.env['LANG'] ?? 'C.UTF-8', HOME: dirs.home, TMPDIR: dirs.tmp, ...scanner.env };
    const [program, ...args] = scanner.command.map((part) => part.split('{out}').join(dirs.out));
    const maxSarifBytes = options.maxSarifBytes ?? DEFAULT_MAX_SARIF_BYTES;
    const outcome = await runScannerProcess(program ?? '', args, {
      cwd: options.cwd,
      env,
      timeoutMs: scanner.timeoutMs ?? options.timeoutMs,
      killGraceMs: options.killGraceMs ?? 2000,
      ...(options.signal ? { signal: options.signal } : {}),
      maxStdoutBytes: scanner.sarifOutput === 'stdout' ? maxSarifBytes : 0,
    });
    const stderrTail = redact(outcome.stderrTail, scanner.env);
    checkOutcome(scanner, outcome, stderrTail, options);
    const text = await sarifText(scanner, outcome, dirs.out, maxSarifBytes, stderrTail);
    const sarif = parseSarif(scanner, text, stderrTail);
    return { scanner: scanner.name, findings: ingest(scanner, sarif, options.cwd, outcome, stderrTail), exitCode: outcome.exitCode ?? 0, sarif, stderrTail };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function checkOutcome(scanner: ParsedExternalScannerConfig, outcome: ScannerProcessOutcome, stderrTail: string, options: RunExternalScannerOptions): void {
  const name = scanner.name;
  const details = { exitCode: outcome.exitCode, signal: outcome.signal, stderrTail };
  if (outcome.spawnError) throw new ExternalScannerError('SPAWN_FAILED', name, `cannot start scanner "${name}" (${scanner.command[0]}): ${outcome.spawnError.message}`, details, { cause: outcome.spawnError });
  if (outcome.timedOut) {
    const timeoutMs = scanner.timeoutMs ?? options.timeoutMs;
    const how = outcome.killed ? `SIGTERM, then SIGKILL after ${options.killGraceMs ?? 2000} ms` : 'SIGTERM';
    throw new ExternalScannerError('TIMEOUT', name, `scanner "${name}" did not finish within ${timeoutMs} ms and was killed (${how})`, details);
  }
  if (outcome.aborted) throw new ExternalScannerError('ABORTED', name, `scanner "${name}" was stopped: the scan was cancelled`, details);
  if (outcome.stdoutOverflow) throw new ExternalScannerError('INVALID_SARIF', name, `scanner "${name}" wrote more than the SARIF size limit to stdout`, details);
  const accepted = scanner.findingsExitCodes ?? DEFAULT_FINDINGS_EXIT_CODES;
  if (outcome.exitCode === null || !accepted.includes(outcome.exitCode)) {
    const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
    throw new ExternalScannerError('EXIT_NONZERO', name, `scanner "${name}" ${how} (accepted exit codes: ${accepted.join(', ')})`, details);
  }
}

async function sarifText(scanner: ParsedExternalScannerConfig, outcome: ScannerProcessOutcome, out: string, maxBytes: number, stderrTail: string): Promise<string> {
  const details = { exitCode: outcome.exitCode, stderrTail };
  if (scanner.sarifOutput === 'stdout') {
    const text = outcome.stdout.toString('utf8');
    if (text.trim() === '') throw new ExternalScannerError('NO_SARIF', scanner.name, `scanner "${scanner.name}" exited with code ${outcome.exitCode} but wrote no SARIF to stdout`, details);
    return text;
  }
  const file = scanner.sarifOutput.file;
  const path = resolve(out, file);
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size <= 0) throw new ExternalScannerError('NO_SARIF', scanner.name, `scanner "${scanner.name}" exited with code ${outcome.exitCode} but wrote no SARIF to {out}/${file}`, details);
  if (size > maxBytes) throw new ExternalScannerError('INVALID_SARIF', scanner.name, `scanner "${scanner.name}" wrote ${size} bytes to {out}/${file}, over the SARIF size limit of ${maxBytes}`, details);
  return readFile(path, 'utf8');
}

function parseSarif(scanner: ParsedExternalScannerConfig, text: string, stderrTail: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ExternalScannerError('INVALID_SARIF', scanner.name, `scanner "${scanner.name}" wrote output that is not JSON: ${(error as Error).message}`, { stderrTail }, { cause: error });
  }
}

function ingest(scanner: ParsedExternalScannerConfig, sarif: unknown, cwd: string, outcome: ScannerProcessOutcome, stderrTail: string): Finding[] {
  try {
    return findingsFromSarif(sarif, { scanner: scanner.name, srcRoot: resolve(cwd), ...(scanner.kind ? { kind: scanner.kind } : {}) });
  } catch (error) {
    if (!(error instanceof SarifError)) throw error;
    throw new ExternalScannerError('INVALID_SARIF', scanner.name, `scanner "${scanner.name}" wrote ${error.message}`, { exitCode: outcome.exitCode, stderrTail }, { cause: error });
  }
}

/** A scanner may echo a credential it was given; its stderr is kept without those values. */
function redact(text: string, env: Readonly<Record<string, string>> | undefined): string {
  return Object.values(env ?? {})
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length)
    .reduce((out, value) => out.split(value).join('[redacted]'), text);
}
