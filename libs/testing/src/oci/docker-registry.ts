// A real OCI registry for tests: Debian's `docker-registry` (CNCF Distribution) on a
// free loopback port with its own storage, and `skopeo` to push image layouts into
// it unchanged. tools/ensure-services.sh installs both.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../free-port';

const run = promisify(execFile);

export interface DockerRegistry {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as image references name it. */
  readonly host: string;
  /** Copies an OCI image layout (index and every platform) into `repository:tag`, digests preserved. */
  push(layoutDir: string, repository: string, tag: string): Promise<void>;
  close(): Promise<void>;
}

async function requireTool(name: string): Promise<void> {
  await run('sh', ['-c', `command -v ${name}`]).catch(() => {
    throw new Error(`${name} is not installed: run tools/ensure-services.sh (it installs the Debian packages docker-registry and skopeo)`);
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
    const ok = await fetch(`${url}/v2/`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not answer on ${url} within 10 s: ${log()}`);
}

export async function startDockerRegistry(): Promise<DockerRegistry> {
  await requireTool('docker-registry');
  await requireTool('skopeo');
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    ['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, '  delete:', '    enabled: true', 'http:', `  addr: ${host}`, ''].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = `http://${host}`;
  await waitUntilAnswering(url, child, () => stderr);

  return {
    url,
    host,
    async push(layoutDir, repository, tag) {
      // --preserve-digests: fail rather than convert a manifest, so the pushed digests are the layout's.
      await run('skopeo', ['--insecure-policy', 'copy', '--all', '--preserve-digests', '--dest-tls-verify=false', `oci:${layoutDir}`, `docker://${host}/${repository}:${tag}`]);
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
