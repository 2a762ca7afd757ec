import { execFileSync, spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`; repositories are at `<url>/<name>.git`. */
  readonly url: string;
  /** What the server saw: path and whether the request carried the right Basic credentials. */
  readonly requests: { path: string; authorized: boolean; authorization: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A private git host for tests: git's own smart-HTTP server (`git http-backend`, as CGI)
 * behind HTTP Basic authentication, serving the bare repositories under `root`.
 * Anything without the right credentials gets 401 with a Basic challenge, as a real host does.
 */
export async function startGitHttpServer(options: { root: string; username: string; password: string }): Promise<GitHttpServer> {
  const expected = Buffer.from(`Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`);
  const requests: GitHttpServer['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://git.test');
    const given = Buffer.from(req.headers.authorization ?? '');
    const authorized = given.length === expected.length && timingSafeEqual(given, expected);
    requests.push({ path: url.pathname, authorized, authorization: req.headers.authorization });
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="tollgate test git"', 'content-type': 'text/plain' }).end('authentication required\n');
      return;
    }
    serveCgi(req, res, url, options.root, options.username);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PrivateGitHost extends GitHttpServer {
  /** Commits `files` (path → content) as a new repository served at `<url>/<path>.git`; its URL and commit. */
  add(path: string, files: Record<string, string>): { url: string; commit: string };
}

/** A private git host in a directory of its own, removed on close: repositories are added from file trees. */
export async function startPrivateGitHost(credentials: { username: string; password: string }): Promise<PrivateGitHost> {
  const root = mkdtempSync(join(tmpdir(), 'tollgate-git-host-'));
  const server = await startGitHttpServer({ root, ...credentials });
  // The test's own git: no machine or user configuration, an identity for the commit.
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.internal', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root } }).trim();
  return {
    ...server,
    add(path, files) {
      const work = join(root, '.work', path);
      mkdirSync(work, { recursive: true });
      git(work, 'init', '--quiet');
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(dirname(join(work, file)), { recursive: true });
        writeFileSync(join(work, file), content);
      }
      git(work, 'add', '.');
      git(work, 'commit', '--quiet', '-m', 'fixture');
      git(root, 'clone', '--quiet', '--bare', work, join(root, `${path}.git`));
      return { url: `${server.url}/${path}.git`, commit: git(work, 'rev-parse', 'HEAD') };
    },
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `git http-backend` for one request and relays its CGI answer (Status and headers, then the body). */
function serveCgi(req: IncomingMessage, res: ServerResponse, url: URL, root: string, user: string): void {
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      HTTP_GIT_PROTOCOL: (req.headers['git-protocol'] as string | undefined) ?? '',
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => {
    if (!headersSent) res.writeHead(500).end('git http-backend gave no answer\n');
    else res.end();
  });
}
