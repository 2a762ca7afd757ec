import { spawn } from 'node:child_process';

export interface ScannerProcessOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  readonly signal?: AbortSignal;
  /** Collect stdout up to this many bytes (0: discard it). */
  readonly maxStdoutBytes: number;
}

export interface ScannerProcessOutcome {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stdoutOverflow: boolean;
  readonly stderrTail: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** SIGTERM was not enough. */
  readonly killed: boolean;
  readonly spawnError?: Error;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * Runs a program without a shell in its own process group, so that a timeout or an abort
 * ends the scanner and everything it started (SIGTERM, then SIGKILL after a grace period),
 * and stragglers are killed once the scanner itself exits.
 */
export function runScannerProcess(program: string, args: readonly string[], options: ScannerProcessOptions): Promise<ScannerProcessOutcome> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutOverflow = false;
    let stderrTail = Buffer.alloc(0);
    let timedOut = false;
    let aborted = false;
    let killed = false;
    let spawnError: Error | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const child = spawn(program, [...args], { cwd: options.cwd, env: { ...options.env }, detached: true, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });

    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const stop = (): void => {
      signalGroup('SIGTERM');
      graceTimer ??= setTimeout(() => {
        killed = true;
        signalGroup('SIGKILL');
      }, options.killGraceMs);
    };

    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (options.maxStdoutBytes === 0 || stdoutOverflow) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        stdoutOverflow = true;
        stop();
      } else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const joined = Buffer.concat([stderrTail, chunk]);
      stderrTail = joined.subarray(Math.max(0, joined.length - STDERR_TAIL_BYTES));
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    // The scanner is done; whatever it left running in its group goes too, so its pipes close.
    child.on('exit', () => signalGroup('SIGKILL'));
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout),
        stdoutOverflow,
        stderrTail: stderrTail.toString('utf8'),
        timedOut,
        aborted,
        killed,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}
