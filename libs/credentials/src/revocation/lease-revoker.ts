import type { DataSource } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import type { Outbox } from '@tollgate/messaging';
import { currentTraceparent, withStageSpan } from '@tollgate/telemetry';
import type { SecretsBackend } from '../backend/secrets-backend';
import { revokedEvent } from '../broker-events';
import { brokerMetrics } from '../broker.metrics';
import { claimDueRevocations, markRevokeFailed, markRevoked, queueExpired, type LeaseRecord } from '../leases/lease-store';

export interface LeaseRevokerOptions {
  /** How often expiries and due retries are looked for (default 1 s). */
  intervalMs?: number;
  /** Longest pause between attempts on one lease (default 60 s). */
  maxRetryDelaySeconds?: number;
  batchSize?: number;
  logger: { warn(details: object, message: string): void; error(details: object, message: string): void };
  /** The embedded backend's database roles past VALID UNTIL that no lease row covers (a crash between issue and record). */
  orphanSweep?: () => Promise<string[]>;
}

/**
 * Revokes what is due: leases of finished runs, leases past expiry, and
 * earlier failures whose retry time has come. A failed revocation stays
 * `revoke_pending` (visible as such) and is retried with a growing pause until
 * it succeeds; each lease is revoked, audited and announced exactly once.
 */
export class LeaseRevoker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deps: { dataSource: DataSource; backend: SecretsBackend; outbox: Outbox; audit: AuditLog },
    private readonly options: LeaseRevokerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Run a round now (e.g. right after pipelinerun.finished committed). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.rounds().finally(() => (this.running = undefined));
  }

  /** One full pass; returns how many leases were revoked. Used by tests and the bench to wait deterministically. */
  async runOnce(): Promise<number> {
    const { dataSource } = this.deps;
    const batchSize = this.options.batchSize ?? 50;
    let revoked = 0;
    for (let first = true; ; first = false) {
      const due = await dataSource.transaction(async (m) => {
        if (first) await queueExpired(m);
        return claimDueRevocations(m, batchSize, 30);
      });
      for (const lease of due) {
        const stage = { name: 'credentials revoke', pipelineRunId: lease.pipelineRunId, taskName: 'credentials', attributes: { 'tollgate.credentials.lease': lease.leaseId } };
        if (await withStageSpan(stage, () => this.revokeOne(lease))) revoked += 1;
      }
      if (due.length < batchSize) break;
    }
    if (this.options.orphanSweep) revoked += await this.sweepOrphans();
    return revoked;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.runOnce();
      } catch (error) {
        this.options.logger.warn({ err: (error as Error).message }, 'revocation round failed; will retry');
      }
    } while (this.again && !this.stopped);
  }

  private async revokeOne(lease: LeaseRecord): Promise<boolean> {
    const { dataSource, backend, audit, outbox } = this.deps;
    try {
      if (lease.kind === 'session') await backend.revokeSession(lease.backendRef);
      else await backend.revokeLease(lease.backendRef);
    } catch (error) {
      const message = (error as Error).message;
      const delay = Math.min(2 ** Math.min(lease.revokeAttempts, 10), this.options.maxRetryDelaySeconds ?? 60);
      const attempts = await dataSource.transaction(async (m) => {
        const n = await markRevokeFailed(m, lease.leaseId, message, delay);
        await audit.append(m, { kind: 'revoke-failed', pipelineRunId: lease.pipelineRunId, subject: lease.leaseId, detail: { attempt: n, error: message, retryInSeconds: delay } });
        return n;
      });
      brokerMetrics().revokeFailures.add(1, { engine: lease.engine });
      this.options.logger.warn({ leaseId: lease.leaseId, attempt: attempts, retryInSeconds: delay, err: message }, 'revocation failed; will retry');
      return false;
    }
    const done = await dataSource.transaction(async (m) => {
      if (!(await markRevoked(m, lease.leaseId))) return false;
      await audit.append(m, {
        kind: 'revoked',
        pipelineRunId: lease.pipelineRunId,
        subject: lease.leaseId,
        detail: { role: lease.role, engine: lease.engine, path: lease.path, reason: lease.revokeReason },
      });
      await outbox.add(m, revokedEvent(lease, currentTraceparent()));
      return true;
    });
    if (done) brokerMetrics().revoked.add(1, { engine: lease.engine, reason: lease.revokeReason ?? 'withdrawn' });
    return done;
  }

  private async sweepOrphans(): Promise<number> {
    const { dataSource, backend, audit } = this.deps;
    let swept = 0;
    for (const role of await this.options.orphanSweep!()) {
      // Tracked leases are revoked (and announced) through their rows; only untracked roles are orphans.
      const tracked = (await dataSource.query(`SELECT 1 FROM credential_lease WHERE kind = 'secret' AND backend_ref LIKE '%/' || $1`, [role])) as unknown[];
      if (tracked.length) continue;
      const leaseId = `database/creds/(orphan)/${role}`;
      await backend.revokeLease(leaseId);
      await dataSource.transaction((m) => audit.append(m, { kind: 'revoked', subject: leaseId, detail: { reason: 'expired-orphan', role } }));
      swept += 1;
    }
    return swept;
  }
}
