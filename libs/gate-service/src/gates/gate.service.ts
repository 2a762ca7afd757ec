import type { EntityManager } from 'typeorm';
import type { TrustPolicy } from '@tollgate/attestation';
import type { AuditLog } from '@tollgate/audit';
import type { TollgateEvent } from '@tollgate/events';
import type { Outbox } from '@tollgate/messaging';
import { decisionAuditEntry, decisionForMissing, detectionFindingOf, evaluate, missingEvidence, type Decision, type PolicyPack } from '@tollgate/policy';
import { arrivedEvidence, assembleEvidence, type EvidenceSources } from '../evidence/evidence-assembly';
import { recordCredentials, recordSbom, recordScan, recordSignature, storedEvidence } from '../evidence/evidence-records';
import { allWaivers } from '../waivers/waiver-store';
import { decisionEvents } from './gate-events';


export interface GateServiceOptions {
  /** The active pack; a reload that fails keeps the previous one. */
  pack(): PolicyPack;
  sources: EvidenceSources;
  trust: TrustPolicy;
  audit: AuditLog;
  /** SOC webhooks every critical breach is delivered to (with retries). */
  socEndpoints: readonly string[];
  productVersion: string;
  clock?: () => Date;
}

interface Scope {
  manager: EntityManager;
  outbox: Outbox;
}

interface GateRow {
  pipeline_run_id: string;
  artifact_digest: string;
  subject_id: string;
  status: 'open' | 'passed' | 'failed';
  deadline_at: Date;
  traceparent: string | null;
}

/**
 * The gate: evidence recorded as it arrives (in any order, any number of times),
 * one decision per artifact of a run when everything the pack requires is in or
 * the deadline passes, never changed afterwards.
 */
export class GateService {
  constructor(private readonly options: GateServiceOptions) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** artifact.packaged: the artifact's gate opens, with the pack's deadline. */
  async openGate(event: TollgateEvent, scope: Scope): Promise<void> {
    if (!event.artifactdigest) return;
    const deadline = new Date(this.now().getTime() + this.options.pack().deadlineSeconds * 1000);
    await scope.manager.query(
      `INSERT INTO gate (pipeline_run_id, artifact_digest, subject_id, status, opened_at, deadline_at, traceparent)
       VALUES ($1, $2, $3, 'open', $4, $5, $6) ON CONFLICT DO NOTHING`,
      [event.pipelinerunid, event.artifactdigest, event.data.subject.id, this.now(), deadline, event.traceparent ?? null],
    );
    await this.tryGates(scope, 'pipeline_run_id = $1 AND artifact_digest = $2', [event.pipelinerunid, event.artifactdigest]);
  }

  /** An evidence event: recorded once; the gates it concerns are tried; a decided gate only counts it as late. */
  async onEvidence(event: TollgateEvent, scope: Scope): Promise<void> {
    const type = event.type;
    let fresh: boolean;
    if (type.includes('credentials.')) fresh = await recordCredentials(scope.manager, event);
    else if (type.includes('scan.')) fresh = await recordScan(scope.manager, event);
    else if (type.includes('sbom.generated')) fresh = await recordSbom(scope.manager, event);
    else fresh = await recordSignature(scope.manager, event);
    const perArtifact = type.includes('sbom.generated') || type.includes('artifact.signed') || type.includes('signing.failed');
    const where = perArtifact ? 'artifact_digest = $1' : 'pipeline_run_id = $1';
    const key = perArtifact ? event.artifactdigest! : event.pipelinerunid;
    // Evidence after the decision changes nothing, but the auditor sees it arrived.
    const late = (await scope.manager.query(`UPDATE gate SET late_events = late_events + 1 WHERE ${where} AND status <> 'open' RETURNING artifact_digest`, [key])) as unknown[];
    if (late.length > 0) {
      await this.options.audit.append(scope.manager, { kind: 'gate.late-evidence', pipelineRunId: event.pipelinerunid, actor: event.source, subject: event.artifactdigest ?? event.pipelinerunid, detail: { eventId: event.id, type, recorded: fresh } });
    }
    await this.tryGates(scope, `${where} AND status = 'open'`, [key]);
  }

  /** Open gates past their deadline fail closed, naming what is missing. */
  async decideOverdue(scope: Scope): Promise<number> {
    return this.tryGates(scope, `status = 'open' AND deadline_at <= $1`, [this.now()]);
  }

  private async tryGates(scope: Scope, where: string, params: unknown[]): Promise<number> {
    // One decider per gate. Waiting for the lock (not skipping it) matters: the holder may not
    // see this transaction's evidence, so this one must look again once the holder commits.
    const gates = (await scope.manager.query(`SELECT * FROM gate WHERE ${where} AND status = 'open' ORDER BY opened_at, artifact_digest FOR UPDATE`, params)) as GateRow[];
    let decided = 0;
    for (const gate of gates) if (await this.tryDecide(gate, scope)) decided++;
    return decided;
  }

  private async tryDecide(gate: GateRow, scope: Scope): Promise<boolean> {
    const pack = this.options.pack();
    const now = this.now();
    const stored = await storedEvidence(scope.manager, gate.pipeline_run_id, gate.artifact_digest);
    const arrived = arrivedEvidence(gate.pipeline_run_id, gate.artifact_digest, stored);
    const missing = missingEvidence(pack, arrived);
    let decision: Decision;
    if (missing.length > 0) {
      if (gate.deadline_at.getTime() > now.getTime()) return false; // still waiting
      decision = decisionForMissing(pack, missing, { now, evidence: arrived });
    } else {
      const evidence = await assembleEvidence(gate.pipeline_run_id, gate.artifact_digest, stored, this.options.sources, this.options.trust);
      decision = evaluate(pack, evidence, { now, waivers: await allWaivers(scope.manager) });
    }
    const status = decision.verdict === 'pass' ? 'passed' : 'failed';
    const updated = (await scope.manager.query(
      `UPDATE gate SET status = $3, decision = $4, decided_at = $5 WHERE pipeline_run_id = $1 AND artifact_digest = $2 AND status = 'open' RETURNING artifact_digest`,
      [gate.pipeline_run_id, gate.artifact_digest, status, JSON.stringify(decision), now],
    )) as unknown[];
    if (updated.length === 0) return false;
    await this.options.audit.append(scope.manager, decisionAuditEntry(decision));
    const breach = decision.verdict === 'fail' ? detectionFindingOf(decision, arrived, { productName: 'Tollgate', productVersion: this.options.productVersion, time: now }) : undefined;
    for (const event of decisionEvents(gate, decision, breach)) await scope.outbox.add(scope.manager, event);
    if (breach) {
      for (const endpoint of this.options.socEndpoints) {
        await scope.manager.query(`INSERT INTO soc_delivery (breach_id, endpoint, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [breach.finding_info.uid, endpoint, JSON.stringify(breach)]);
      }
    }
    return true;
  }
}
