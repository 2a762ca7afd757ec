import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('@tollgate/credentials');

/** Leases issued and revoked, lease TTLs (the histogram gives mean and max), denials by category. */
export const brokerMetrics = {
  issued: meter.createCounter('tollgate.credentials.leases.issued', { description: 'Leases issued to builds' }),
  revoked: meter.createCounter('tollgate.credentials.leases.revoked', { description: 'Leases revoked' }),
  revokeFailures: meter.createCounter('tollgate.credentials.leases.revoke_failures', { description: 'Revocation attempts that failed and will be retried' }),
  denied: meter.createCounter('tollgate.credentials.denials', { description: 'Credential requests denied, by category' }),
  ttl: meter.createHistogram('tollgate.credentials.lease.ttl', { description: 'TTL of issued leases', unit: 's' }),
};
