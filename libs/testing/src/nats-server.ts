import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const READY_TIMEOUT_MS = 15_000;

export interface NatsServerHandle {
  url: string;
  port: number;
  /** Stops the server and deletes its store. */
  stop(): Promise<void>;
  /** Stops and starts again on the same port and store; `kill` stops it with SIGKILL (a crash). */
  restart(options?: { kill?: boolean }): Promise<void>;
  /** An outage: the server stays down (store kept) until `resume()`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** A private nats-server with JetStream on a free loopback port and a temp file store. */
export async function startNatsServer(): Promise<NatsServerHandle> {
  const storeDir = await mkdtemp(join(tmpdir(), 'tollgate-nats-'));
  const port = await freePort();
  let proc = await launch(port, storeDir);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt(proc, 'SIGTERM');
      await rm(storeDir, { recursive: true, force: true });
    },
    async restart(options = {}) {
      await halt(proc, options.kill ? 'SIGKILL' : 'SIGTERM');
      proc = await launch(port, storeDir);
    },
    async pause() {
      await halt(proc, 'SIGTERM');
    },
    async resume() {
      proc = await launch(port, storeDir);
    },
  };
}

async function launch(port: number, storeDir: string): Promise<ChildProcess> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    const proc = spawn(NATS_SERVER_BIN, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    while (Date.now() < deadline && proc.exitCode === null && proc.signalCode === null) {
      if (await acceptsClients(port)) return proc;
      await Promise.race([exited, sleep(50)]);
    }
    // Exited early (e.g. the port was still held by the previous process): try again.
    lastError = stderr.trim().split('\n').slice(-3).join(' | ');
    if (proc.exitCode === null) await halt(proc, 'SIGKILL');
    await sleep(100);
  }
  throw new Error(`nats-server did not start on port ${port}: ${lastError}`);
}

/** True once the server sends its INFO line, i.e. it accepts clients (JetStream is up by then). */
function acceptsClients(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('INFO')));
    socket.once('error', () => done(false));
  });
}

function halt(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
