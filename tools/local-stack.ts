import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { SERVICES } from './service-catalogue';

export interface LocalStack {
  urls: Record<string, string>;
  stop(): Promise<void>;
  /** Resolves when any service exits on its own (a crash). */
  exited: Promise<{ name: string; code: number | null }>;
}

const ROOT = resolve(__dirname, '..');

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before becoming ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready at ${url} after ${timeoutMs} ms`);
}

/** Starts every service of the catalogue as a child process and waits for each to be ready. */
export async function startLocalStack(env: Record<string, string>, options: { quiet?: boolean } = {}): Promise<LocalStack> {
  const children: { name: string; child: ChildProcess }[] = [];
  const urls: Record<string, string> = {};
  const exited = new Promise<{ name: string; code: number | null }>((resolveExit) => {
    for (const service of SERVICES) {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', service.main], {
        cwd: ROOT,
        env: { ...process.env, ...env, ...service.env?.(env) },
        stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit'],
      });
      child.once('exit', (code) => resolveExit({ name: service.name, code }));
      children.push({ name: service.name, child });
    }
  });
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  };
  try {
    for (const [i, service] of SERVICES.entries()) {
      const health = service.healthUrl(env);
      await waitReady(health, children[i].child, 60_000).catch((error: Error) => {
        throw new Error(`${service.name}: ${error.message}`);
      });
      urls[service.name] = new URL(health).origin;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop, exited };
}
