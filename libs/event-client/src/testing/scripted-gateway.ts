import { type IncomingHttpHeaders, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
}

export interface ScriptedGateway {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Script = ScriptedResponse[] | ((req: RecordedRequest) => ScriptedResponse);

/**
 * A real HTTP server on 127.0.0.1 (random port) that answers from a script and
 * records every request, so client tests exercise real sockets, headers and
 * bodies rather than a mocked fetch.
 */
export async function startScriptedGateway(script: Script): Promise<ScriptedGateway> {
  const requests: RecordedRequest[] = [];
  const queue = Array.isArray(script) ? [...script] : undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const answer = queue ? (queue.shift() ?? { status: 500, body: { error: { code: 'SCRIPT_EXHAUSTED', message: 'no scripted response left' } } }) : (script as (r: RecordedRequest) => ScriptedResponse)(recorded);
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A loopback port that was just free: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}
