import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { SIGNATURE_HEADER, SOURCE_HEADER, signRequest } from '@tollgate/event-client';

interface DueRow {
  breach_id: string;
  endpoint: string;
  payload: object;
  attempts: number;
}

/** Wait before the next attempt: 1 s, 2 s, 4 s… up to 5 minutes. */
export function socRetryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 300_000);
}

/** How the SOC knows a breach came from Tollgate. Held in memory, read from files at start; never stored or logged. */
export interface SocCredentials {
  /** HMAC key: each POST carries `X-Tollgate-Signature` (`t=…,n=…,v1=…`, the ingest gateway's scheme) over its body. */
  signingSecret?: Buffer;
  /** An `Authorization` header value the SOC's collector asks for (`Bearer …`, `Splunk …`). */
  authorization?: string;
}

/**
 * The SOC credentials from files (as a Kubernetes secret volume gives them), checked once at
 * start: an empty or unreadable file is a mistake to report, not "no credentials". Errors name
 * the setting and the file, never the content.
 */
export async function loadSocCredentials(files: { signingSecretFile?: string; authorizationFile?: string }): Promise<SocCredentials> {
  const read = async (file: string | undefined, setting: string): Promise<string | undefined> => {
    if (!file) return undefined;
    const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${setting}: cannot read ${file} (${error.code ?? error.message})`);
    });
    const value = content.trim();
    if (value === '') throw new Error(`${setting}: ${file} is empty`);
    return value;
  };
  const secret = await read(files.signingSecretFile, 'POLICY_SOC_SIGNING_SECRET_FILE');
  const authorization = await read(files.authorizationFile, 'POLICY_SOC_AUTHORIZATION_FILE');
  if (authorization !== undefined && /[\r\n]/.test(authorization)) throw new Error(`POLICY_SOC_AUTHORIZATION_FILE: ${files.authorizationFile} must hold one line`);
  return { ...(secret !== undefined && { signingSecret: Buffer.from(secret, 'utf8') }), ...(authorization !== undefined && { authorization }) };
}

/** The sender's name in `X-Tollgate-Source`, so a SOC verifying several senders knows which key to use. */
export const SOC_SOURCE = 'tollgate-policy-engine';

function headersFor(breachId: string, body: string, credentials: SocCredentials | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-tollgate-breach-id': breachId };
  if (credentials?.signingSecret) {
    headers[SIGNATURE_HEADER] = signRequest(credentials.signingSecret, body);
    headers[SOURCE_HEADER] = SOC_SOURCE;
  }
  if (credentials?.authorization) headers.authorization = credentials.authorization;
  return headers;
}

/**
 * Delivers due breaches to the SOC's webhooks: POST of the OCSF Detection Finding as
 * JSON, one endpoint at a time, signed and authorised as `credentials` say; a 2xx marks
 * it delivered, anything else (or no answer) schedules a retry with a growing pause.
 * Returns how many were delivered.
 */
export async function deliverDueBreaches(
  dataSource: DataSource,
  options: { fetch?: typeof fetch; timeoutMs?: number; batch?: number; credentials?: SocCredentials } = {},
): Promise<number> {
  const send = options.fetch ?? fetch;
  return dataSource.transaction(async (manager) => {
    const due = (await manager.query(
      `SELECT breach_id, endpoint, payload, attempts FROM soc_delivery WHERE delivered_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [options.batch ?? 20],
    )) as DueRow[];
    let delivered = 0;
    for (const row of due) {
      let error: string | undefined;
      try {
        const body = JSON.stringify(row.payload);
        const response = await send(row.endpoint, {
          method: 'POST',
          // Signed per attempt: a fresh timestamp and nonce, so a retry is not taken for a replay.
          headers: headersFor(row.breach_id, body, options.credentials),
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (cause) {
        error = (cause as Error).message;
      }
      if (error === undefined) {
        delivered++;
        await manager.query('UPDATE soc_delivery SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE breach_id = $1 AND endpoint = $2', [row.breach_id, row.endpoint]);
      } else {
        const delay = socRetryDelayMs(row.attempts + 1);
        await manager.query(
          `UPDATE soc_delivery SET attempts = attempts + 1, last_error = $3, next_attempt_at = now() + ($4 || ' milliseconds')::interval WHERE breach_id = $1 AND endpoint = $2`,
          [row.breach_id, row.endpoint, error.slice(0, 500), String(delay)],
        );
      }
    }
    return delivered;
  });
}
