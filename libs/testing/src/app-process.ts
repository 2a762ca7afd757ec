// Another service of the stack, really started: `node -r @swc-node/register <main>`
// as a child process with its own environment, ready once its readiness URL says so.
// Tests of one app use it for the services that app talks to (an app never imports another).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface AppProcess {
  readonly url: string;
  readonly port: number;
  /** The process's stderr and stdout, last 20 kB: to assert what it logged, and for failures. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  /** Path of the app's main.ts, from the repository root. */
  main: string;
  env: Record<string, string>;
  /** Readiness path (`/readyz`). */
  readyPath?: string;
  /** Environment variable the port goes in (default PORT). */
  portEnv?: string;
  /** The port to listen on (a restart keeps its address); default a free one. */
  port?: number;
  timeoutMs?: number;
}

/** Runs a one-off tool (`tools/migrate.ts …`) to completion; rejects with its output on a non-zero exit. */
export async function runTool(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`);
  return output;
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['-r', '@swc-node/register', options.main], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...options.env, [options.portEnv ?? 'PORT']: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.main} exited with ${child.exitCode} before it was ready: ${output.slice(-2000)}`);
    const ready = await fetch(`${url}${options.readyPath ?? '/readyz'}`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.main} not ready at ${url} in time: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, output: () => output, stop };
}
