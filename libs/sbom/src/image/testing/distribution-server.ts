import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface DistributionServerOptions {
  /** An OCI layout whose blobs (manifests included) the server serves. */
  layoutDir: string;
  repository: string;
  /** When set, every /v2/ request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Blob digests served with one byte flipped, as a faulty mirror or an attacker would. */
  tamper?: string[];
}

export interface DistributionServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Paths requested, in order, so tests can check what was pulled. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The pull side of the OCI Distribution API over a layout directory, on loopback: `GET /v2/`,
 * `GET|HEAD /v2/<name>/manifests/<tag|digest>` and `GET|HEAD /v2/<name>/blobs/<digest>`, with the spec's error bodies.
 */
export async function startDistributionServer(options: DistributionServerOptions): Promise<DistributionServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handle(options, request, response).catch((error: Error) => sendError(response, 500, 'UNKNOWN', error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function handle(options: DistributionServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
    response.setHeader('WWW-Authenticate', `Bearer realm="http://127.0.0.1/token",service="test",scope="repository:${options.repository}:pull"`);
    return sendError(response, 401, 'UNAUTHORIZED', 'authentication required');
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/v2/' || url.pathname === '/v2') return send(response, 200, 'application/json', Buffer.from('{}'));
  const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
  if (match === null || (request.method !== 'GET' && request.method !== 'HEAD')) return sendError(response, 404, 'UNSUPPORTED', 'not part of the pull API');
  const [, name, kind, reference] = match;
  if (name !== options.repository) return sendError(response, 404, 'NAME_UNKNOWN', `repository ${name} not known to registry`);
  const digest = kind === 'manifests' && !reference.startsWith('sha256:') ? await tagDigest(options.layoutDir, reference) : reference;
  const unknown = kind === 'manifests' ? 'MANIFEST_UNKNOWN' : 'BLOB_UNKNOWN';
  if (digest === undefined || !/^sha256:[a-f0-9]{64}$/.test(digest)) return sendError(response, 404, unknown, `${reference} unknown to registry`);
  const path = join(options.layoutDir, 'blobs', 'sha256', digest.slice('sha256:'.length));
  const size = await stat(path).then((s) => s.size, () => undefined);
  if (size === undefined) return sendError(response, 404, unknown, `${reference} unknown to registry`);
  response.setHeader('Docker-Content-Digest', digest);
  if (kind === 'manifests') {
    const bytes = await readFile(path);
    const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
    return send(response, 200, mediaType, request.method === 'HEAD' ? undefined : bytes, bytes.length);
  }
  if (options.tamper?.includes(digest)) {
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] ^= 0xff;
    return send(response, 200, 'application/octet-stream', request.method === 'HEAD' ? undefined : bytes, bytes.length);
  }
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(path).pipe(response);
}

async function tagDigest(layoutDir: string, tag: string): Promise<string | undefined> {
  const index = JSON.parse(await readFile(join(layoutDir, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  return index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)?.digest;
}

function send(response: ServerResponse, status: number, contentType: string, body: Buffer | undefined, length = body?.length ?? 0): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': length });
  response.end(body);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, 'application/json', Buffer.from(JSON.stringify({ errors: [{ code, message, detail: null }] })));
}
