import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

interface BrokerInstruments {
  issued: Counter;
  revoked: Counter;
  revokeFailures: Counter;
  denied: Counter;
  ttl: Histogram;
}

let instruments: BrokerInstruments | undefined;

/**
 * Leases issued and revoked, lease TTLs (the histogram gives mean and max),
 * denials by category. Created on first use, not at import: OpenTelemetry's
 * metrics API has no proxy, so a meter taken before the provider is set stays a no-op.
 */
export function brokerMetrics(): BrokerInstruments {
  if (instruments) return instruments;
  const meter = metrics.getMeter('@tollgate/credentials');
  instruments = {
    issued: meter.createCounter('tollgate.credentials.leases.issued', { description: 'Leases issued to builds' }),
    revoked: meter.createCounter('tollgate.credentials.leases.revoked', { description: 'Leases revoked' }),
    revokeFailures: meter.createCounter('tollgate.credentials.leases.revoke_failures', { description: 'Revocation attempts that failed and will be retried' }),
    denied: meter.createCounter('tollgate.credentials.denials', { description: 'Credential requests denied, by category' }),
    ttl: meter.createHistogram('tollgate.credentials.lease.ttl', { description: 'TTL of issued leases', unit: 's' }),
  };
  return instruments;
}

/** Live leases right now, with their mean and max TTL, read from the lease table at each scrape. */
export function registerLeaseGauges(query: (sql: string) => Promise<unknown[]>): void {
  const meter = metrics.getMeter('@tollgate/credentials');
  const active = meter.createObservableGauge('tollgate.credentials.leases.active', { description: 'Leases not yet revoked, by state' });
  const meanTtl = meter.createObservableGauge('tollgate.credentials.lease.ttl.mean', { description: 'Mean TTL of live leases', unit: 's' });
  const maxTtl = meter.createObservableGauge('tollgate.credentials.lease.ttl.max', { description: 'Longest TTL of a live lease', unit: 's' });
  meter.addBatchObservableCallback(
    async (observer) => {
      const rows = (await query(
        `SELECT state, count(*)::int AS n, coalesce(avg(ttl_seconds), 0)::float AS mean, coalesce(max(ttl_seconds), 0)::int AS max
           FROM credential_lease WHERE state <> 'revoked' AND kind = 'secret' GROUP BY state`,
      ).catch(() => [])) as { state: string; n: number; mean: number; max: number }[];
      for (const state of ['active', 'revoke_pending']) observer.observe(active, rows.find((r) => r.state === state)?.n ?? 0, { state });
      const live = rows.find((r) => r.state === 'active');
      observer.observe(meanTtl, live?.mean ?? 0);
      observer.observe(maxTtl, live?.max ?? 0);
    },
    [active, meanTtl, maxTtl],
  );
}
