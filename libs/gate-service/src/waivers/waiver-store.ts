import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import { parseWaiver, waiverCreatedAuditEntry, type Waiver } from '@tollgate/policy';

interface WaiverRow {
  id: string;
  rule_id: string;
  scope: Waiver['scope'];
  reason: string;
  approver: string;
  reference: string;
  expires_at: Date;
  created_at: Date;
}

const toWaiver = (r: WaiverRow): Waiver => ({
  id: r.id,
  ruleId: r.rule_id,
  scope: r.scope,
  reason: r.reason,
  approver: r.approver,
  reference: r.reference,
  expiresAt: r.expires_at.toISOString(),
  createdAt: r.created_at.toISOString(),
});

/**
 * Creates a waiver (validated: rule, a scope, reason, approver, expiry, change or incident
 * reference) and records its creation in the decision log, in one transaction.
 */
export async function createWaiver(manager: EntityManager, audit: AuditLog, input: Omit<Waiver, 'id' | 'createdAt'>, now: Date): Promise<Waiver> {
  const waiver = parseWaiver({ ...input, id: randomUUID(), createdAt: now.toISOString() });
  await manager.query(
    `INSERT INTO waiver (id, rule_id, scope, reason, approver, reference, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [waiver.id, waiver.ruleId, JSON.stringify(waiver.scope), waiver.reason, waiver.approver, waiver.reference, waiver.expiresAt, waiver.createdAt],
  );
  await audit.append(manager, waiverCreatedAuditEntry(waiver, waiver.approver));
  return waiver;
}

/** Every waiver, expired ones included: the evaluation reports those as considered and not applied. */
export async function allWaivers(manager: EntityManager): Promise<Waiver[]> {
  return ((await manager.query('SELECT * FROM waiver ORDER BY created_at, id')) as WaiverRow[]).map(toWaiver);
}
