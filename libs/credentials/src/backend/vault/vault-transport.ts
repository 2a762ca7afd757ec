/**
 * The HTTP layer of the vault backend: node-vault clients whose requests go
 * through fetch (see fetchTransport for why), configured from our options only.
 */
import createVaultClient from 'node-vault';
import type NodeVault from 'node-vault';
import { RETRY_AFTER_MS } from './vault-errors';

export interface VaultClientOptions {
  /** Origin only. */
  endpoint: string;
  /** Empty for an unauthenticated client. Secret. */
  token: string;
  namespace?: string;
  timeoutMs: number;
}

export function createVaultHttpClient(options: VaultClientOptions): NodeVault.client {
  const client = createVaultClient({
    endpoint: options.endpoint,
    token: options.token || undefined,
    namespace: options.namespace,
    'request-promise': fetchTransport(options.timeoutMs),
  });
  // node-vault falls back to VAULT_TOKEN / VAULT_NAMESPACE / VAULT_PREFIX; only our options count.
  client.token = options.token;
  Object.assign(client, { namespace: options.namespace ?? '', pathPrefix: '' });
  return client;
}

interface TransportRequest {
  method: string;
  uri: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/**
 * node-vault's `request-promise` hook backed by fetch. Why not its axios default:
 * node-vault drops response headers (so a 429's Retry-After would be lost), axios
 * errors carry the request config with X-Vault-Token, and axios reads
 * VAULT_SKIP_VERIFY from the environment. Redirects are not followed, so the token
 * never travels to another origin.
 */
function fetchTransport(timeoutMs: number) {
  const send = async (request: TransportRequest) => {
    const headers: Record<string, string> = { ...request.headers };
    const hasBody = typeof request.json === 'object' && request.json !== null;
    if (hasBody) headers['Content-Type'] ??= 'application/json';
    const response = await fetch(request.uri, {
      method: request.method,
      headers,
      body: hasBody ? JSON.stringify(request.json) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): node-vault reports it as "Status <code>".
    }
    const retryAfterSeconds = Number(response.headers.get('retry-after') ?? Number.NaN);
    if (response.status === 429 && Number.isFinite(retryAfterSeconds)) {
      body = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : { errors: [] };
      Object.defineProperty(body, RETRY_AFTER_MS, { value: retryAfterSeconds * 1000 });
    }
    return { statusCode: response.status, body, request: { path: new URL(request.uri).pathname } };
  };
  return { defaults: () => send };
}
