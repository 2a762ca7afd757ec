/** What a caller asks the credential broker for: a role's secrets (or some of them) for one pipeline run. */
export interface BrokerExchangeRequest {
  role: string;
  pipelineRunId: string;
  ttlSeconds?: number;
  /** Only these of the role's secrets, by name. */
  secrets?: string[];
}

/** One secret as the broker delivers it: its values, or a single-use wrapping token. */
export interface LeasedSecret {
  name: string;
  engine?: string;
  path: string;
  expiresAt: string;
  env: Record<string, string>;
  data?: Record<string, string>;
  wrapped?: { token: string };
}

/**
 * The broker refused or could not be reached. `retryable`: trying again later may
 * work (unreachable, 5xx); otherwise the broker said no (403, 400) and will again.
 * The message quotes the broker's reason, which never holds a secret or a token.
 */
export class CredentialBrokerError extends Error {
  override readonly name = 'CredentialBrokerError';

  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** `POST /v1/credentials/exchange` with a workload token; the secrets, or a CredentialBrokerError. */
export async function exchangeWithBroker(
  brokerUrl: string,
  workloadToken: string,
  request: BrokerExchangeRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<LeasedSecret[]> {
  let res: Response;
  try {
    res = await fetchImpl(`${brokerUrl.replace(/\/$/, '')}/v1/credentials/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${workloadToken}` },
      body: JSON.stringify(request),
    });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause ?? err;
    throw new CredentialBrokerError(`credential broker at ${brokerUrl} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, true);
  }
  const answer = (await res.json().catch(() => ({}))) as { secrets?: LeasedSecret[]; error?: { message?: string } };
  if (!res.ok || !Array.isArray(answer.secrets)) {
    throw new CredentialBrokerError(answer.error?.message ?? `credential broker answered HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  }
  return answer.secrets;
}
