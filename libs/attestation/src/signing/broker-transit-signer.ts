import { verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { toValidationIssues } from '@tollgate/events';
import { errorText, parseTransitSignature, publicKeyFrom, transitKeysResponseSchema, transitSignResponseSchema } from './broker-transit-responses';
import { KEY_NAME_PATTERN } from './key-hint';
import { type RemoteKeySigner, type RemoteSignature } from './remote-key-signer';
import { redact, SignerError } from './signer.error';

export interface BrokerTransitSignerOptions {
  /** The credential broker's base URL (`http://credential-broker:8080`). */
  brokerUrl: string;
  keyName: string;
  /** The broker role whose `sign_keys` list this key. */
  role: string;
  /** The workload token (JWT) proving who asks; fetched per signature so short-lived tokens work. */
  workloadToken: () => string | Promise<string>;
  /** The run being signed for; the broker checks it against the role and audits it. */
  pipelineRunId?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

const optionsSchema = z.object({
  brokerUrl: z.string().refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), { error: 'http(s) URL' }),
  keyName: z.string().regex(KEY_NAME_PATTERN, { error: 'transit key name' }),
  role: z.string().min(1),
  workloadToken: z.custom<() => string>((v) => typeof v === 'function', { error: 'function returning the workload token' }),
  pipelineRunId: z.string().min(1).max(512).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

interface PublishedVersion {
  pem: string;
  key: KeyObject;
}

/**
 * A RemoteKeySigner backed by the credential broker's transit endpoint. The
 * private key never leaves the broker; this class holds only the broker's URL,
 * a way to get a token, and public keys. Every signature is checked against the
 * published public key of its version before it is used, so a broker (or proxy)
 * answering with anything else is caught here, not by a verifier later.
 */
export class BrokerTransitSigner implements RemoteKeySigner {
  readonly keyName: string;
  readonly #base: string;
  readonly #fetch: typeof globalThis.fetch;

  constructor(
    private readonly options: BrokerTransitSignerOptions,
    // Versions are immutable, so copies for other runs share what was fetched.
    private readonly published = new Map<number, PublishedVersion>(),
  ) {
    const result = optionsSchema.safeParse(options, { reportInput: true });
    if (!result.success) throw new TypeError(`broker transit signer options are invalid: ${toValidationIssues(result.error.issues).map((i) => i.message).join('; ')}`);
    this.keyName = options.keyName;
    const url = new URL(options.brokerUrl);
    this.#base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** The same signer, signing on behalf of another pipeline run. */
  forPipelineRun(pipelineRunId: string): BrokerTransitSigner {
    return new BrokerTransitSigner({ ...this.options, pipelineRunId }, this.published);
  }

  async sign(data: Buffer): Promise<RemoteSignature> {
    const token = await this.token();
    const body = { input: data.toString('base64'), role: this.options.role, ...(this.options.pipelineRunId && { pipelineRunId: this.options.pipelineRunId }) };
    const answer = await this.call('POST', `/v1/transit/sign/${encodeURIComponent(this.keyName)}`, token, body);
    const parsed = transitSignResponseSchema.safeParse(answer);
    if (!parsed.success) throw this.badResponse('sign', toValidationIssues(parsed.error.issues).map((i) => i.message).join('; '));
    const { version, signature } = parseTransitSignature(parsed.data.data.signature);
    if (parsed.data.data.key_version !== undefined && parsed.data.data.key_version !== version) {
      throw this.badResponse('sign', `key_version ${parsed.data.data.key_version} disagrees with the signature's v${version}`);
    }
    const published = await this.publishedVersion(version);
    if (!verifies(published.key, data, signature)) {
      throw this.badResponse('sign', `the signature does not verify with the published public key of ${this.keyName} v${version}`);
    }
    return { signature, keyVersion: version, publicKeyPem: published.pem };
  }

  /** Public keys of every live version, as the broker publishes them (no token needed). */
  async publicKeys(): Promise<{ version: number; publicKeyPem: string; createdAt?: string; latest: boolean }[]> {
    const answer = await this.call('GET', `/v1/transit/keys/${encodeURIComponent(this.keyName)}`);
    const parsed = transitKeysResponseSchema.safeParse(answer);
    if (!parsed.success) throw this.badResponse('keys', toValidationIssues(parsed.error.issues).map((i) => i.message).join('; '));
    const { type, keys, latest_version: latest } = parsed.data.data;
    return Object.entries(keys)
      .map(([version, entry]) => {
        let key: KeyObject;
        try {
          key = publicKeyFrom(entry.public_key, type);
        } catch {
          throw this.badResponse('keys', `public key of version ${version} cannot be read`);
        }
        const pem = key.export({ type: 'spki', format: 'pem' }) as string;
        this.published.set(Number(version), { pem, key });
        return { version: Number(version), publicKeyPem: pem, createdAt: entry.creation_time, latest: Number(version) === latest };
      })
      .sort((a, b) => a.version - b.version);
  }

  private async publishedVersion(version: number): Promise<PublishedVersion> {
    if (!this.published.has(version)) await this.publicKeys();
    const found = this.published.get(version);
    if (!found) throw this.badResponse('keys', `the broker signed with ${this.keyName} v${version} but publishes no public key for it`);
    return found;
  }

  private async token(): Promise<string> {
    try {
      const token = await this.options.workloadToken();
      if (typeof token === 'string' && token.length > 0) return token;
    } catch {
      // The provider's error could quote the token; say only that there is none.
    }
    throw new SignerError('SIGNING_REFUSED', `no workload token available to sign with ${this.keyName}; nothing was signed`, { retryable: false });
  }

  private async call(method: 'GET' | 'POST', path: string, token?: string, body?: object): Promise<unknown> {
    const where = `credential broker at ${this.#base}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new SignerError('SIGNER_UNAVAILABLE', redact(`${where} unreachable (${reason}); nothing was signed`, [token]));
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (parsed === undefined) throw this.badResponse(method === 'GET' ? 'keys' : 'sign', 'the body is not JSON');
      return parsed;
    }
    const said = errorText(parsed);
    const message = redact(`${where} answered HTTP ${response.status} for ${this.keyName}${said ? `: ${said}` : ''}; nothing was signed`, [token]);
    const status = response.status;
    if (status === 401 || status === 403) throw new SignerError('SIGNING_REFUSED', message, { status });
    if (status >= 500 || status === 429 || status === 408) throw new SignerError('SIGNER_UNAVAILABLE', message, { status });
    throw new SignerError('SIGNER_REQUEST_INVALID', message, { status });
  }

  private badResponse(what: 'sign' | 'keys', detail: string): SignerError {
    return new SignerError('SIGNER_RESPONSE_INVALID', `credential broker at ${this.#base} gave an unusable ${what} answer for ${this.keyName}: ${detail}; nothing was signed`);
  }
}

function verifies(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return key.asymmetricKeyType === 'ed25519' ? verify(null, data, key, signature) : verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}
