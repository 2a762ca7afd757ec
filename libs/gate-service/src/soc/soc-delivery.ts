import type { DataSource } from 'typeorm';

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

/**
 * Delivers due breaches to the SOC's webhooks: POST of the OCSF Detection Finding as
 * JSON, one endpoint at a time; a 2xx marks it delivered, anything else (or no answer)
 * schedules a retry with a growing pause. Returns how many were delivered.
 */
export async function deliverDueBreaches(dataSource: DataSource, options: { fetch?: typeof fetch; timeoutMs?: number; batch?: number } = {}): Promise<number> {
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
        const response = await send(row.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-tollgate-breach-id': row.breach_id },
          body: JSON.stringify(row.payload),
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
