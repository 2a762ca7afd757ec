import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { generateSigningKey, signLikeTransit, type SigningKeyType } from './in-process-key-signer';

export interface TransitTestServerOptions {
  keyName: string;
  type: SigningKeyType;
  token: string;
  role: string;
}

/**
 * A real HTTP server speaking the credential broker's transit contract
 * (`POST /v1/transit/sign/:key`, `GET /v1/transit/keys/:key`), signing with
 * real keys exactly as the broker's transit key store does. `failNext` makes it
 * answer the next requests with an error status, as a broker in trouble would.
 */
export class TransitTestServer {
  readonly versions: { privateKey: ReturnType<typeof generateSigningKey>['privateKey']; publicKeyPem: string }[] = [];
  readonly requests: { method: string; url: string; authorization?: string; body?: unknown }[] = [];
  #failures: { status: number; body: object }[] = [];
  #server?: Server;
  /** Answer a signature with a version other than the one that signed (a misbehaving broker). */
  lieAboutVersion = false;

  constructor(private readonly options: TransitTestServerOptions) {
    this.rotate();
  }

  rotate(): number {
    this.versions.push(generateSigningKey(this.options.type));
    return this.versions.length;
  }

  failNext(status: number, body: object = { error: { code: 'BACKEND_ERROR', message: `backend answered ${status}` } }, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#failures.push({ status, body });
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => (this.#server ? this.#server.close((e) => (e ? reject(e) : resolve())) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined;
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
    const send = (status: number, payload: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    const failure = this.#failures.shift();
    if (failure) return send(failure.status, failure.body);
    const { keyName, type, token, role } = this.options;
    if (req.method === 'GET' && req.url === `/v1/transit/keys/${keyName}`) {
      const keys = Object.fromEntries(this.versions.map((v, i) => [String(i + 1), { public_key: v.publicKeyPem, creation_time: new Date(0).toISOString() }]));
      return send(200, { data: { name: keyName, type, latest_version: this.versions.length, keys } });
    }
    if (req.method !== 'POST' || req.url !== `/v1/transit/sign/${keyName}`) return send(404, { error: { code: 'BACKEND_ERROR', message: `transit key not found` } });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 'CREDENTIALS_DENIED', message: 'workload token invalid' } });
    if (body?.role !== role) return send(403, { error: { code: 'SIGNING_REFUSED', message: `no role named ${String(body?.role)}` } });
    const version = this.versions.length;
    const signature = signLikeTransit(type, this.versions[version - 1].privateKey, Buffer.from(String(body.input), 'base64'));
    const named = this.lieAboutVersion && version > 1 ? version - 1 : version;
    send(200, { data: { signature: `vault:v${named}:${signature.toString('base64')}`, key_version: named } });
  }
}
