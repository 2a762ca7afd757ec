import type { EntityManager } from 'typeorm';
import type { TollgateEvent } from '@tollgate/events';

/**
 * Evidence as it arrives, one row per piece, the first delivery kept: a
 * duplicate, a replay or a shuffled order records nothing new. Returns true when
 * the row is new (worth trying the run's gates again).
 */
async function insertRunEvidence(manager: EntityManager, event: TollgateEvent, kind: 'credentials' | 'scan', key: string, payload: object): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO gate_run_evidence (pipeline_run_id, kind, key, payload, event_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (pipeline_run_id, kind, key) DO NOTHING RETURNING key`,
    [event.pipelinerunid, kind, key, JSON.stringify(payload), event.id],
  )) as unknown[];
  return rows.length > 0;
}

async function insertArtifactEvidence(manager: EntityManager, event: TollgateEvent, kind: 'sbom' | 'signature', payload: object): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO gate_artifact_evidence (artifact_digest, kind, payload, event_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (artifact_digest, kind) DO NOTHING RETURNING kind`,
    [event.artifactdigest, kind, JSON.stringify(payload), event.id],
  )) as unknown[];
  return rows.length > 0;
}

/** credentials.issued|denied: a denial anywhere in the run decides (fail closed), so each outcome is its own row. */
export function recordCredentials(manager: EntityManager, event: TollgateEvent): Promise<boolean> {
  const denied = event.type.includes('credentials.denied');
  const content = event.data.subject.content as { reason?: string; category?: string; role?: string };
  const payload = denied ? { outcome: 'denied', reason: content.reason, category: content.category, role: content.role } : { outcome: 'issued' };
  return insertRunEvidence(manager, event, 'credentials', denied ? `denied:${event.id}` : 'issued', payload);
}

/** scan.completed|failed: keyed by scanner and target, so a source scan and the SBOM's are separate evidence. */
export function recordScan(manager: EntityManager, event: TollgateEvent): Promise<boolean> {
  const content = event.data.subject.content as { scanner: string; kind: string; code?: string; reason?: string; findingCounts?: object };
  const custom = (event.data.customData ?? {}) as { scanId?: string; target?: string };
  const failed = event.type.includes('scan.failed');
  const payload = {
    scanner: content.scanner,
    kind: content.kind,
    status: failed ? 'failed' : 'completed',
    ...(failed && { failureCode: content.code, reason: content.reason }),
    ...(custom.scanId && { scanId: custom.scanId }),
    ...(event.artifactdigest && { artifactDigest: event.artifactdigest }),
  };
  return insertRunEvidence(manager, event, 'scan', `${content.scanner} @ ${custom.target ?? event.artifactdigest ?? ''}`, payload);
}

export function recordSbom(manager: EntityManager, event: TollgateEvent): Promise<boolean> {
  const content = event.data.subject.content as { sbomDigest: string };
  return insertArtifactEvidence(manager, event, 'sbom', { sbomDigest: content.sbomDigest });
}

/** artifact.signed (the bundles, verified when the gate decides) or signing.failed (why nothing was signed). */
export function recordSignature(manager: EntityManager, event: TollgateEvent): Promise<boolean> {
  if (event.type.includes('signing.failed')) {
    const content = event.data.subject.content as { code: string; reason: string };
    return insertArtifactEvidence(manager, event, 'signature', { signed: false, code: content.code, reason: content.reason });
  }
  const bundles = ((event.data.customData ?? {}) as { bundles?: { predicateType: string; digest: string }[] }).bundles ?? [];
  return insertArtifactEvidence(manager, event, 'signature', { signed: true, bundles });
}

export interface StoredEvidence {
  credentials: { outcome: 'issued' | 'denied'; reason?: string; category?: string }[];
  scans: { scanner: string; kind: string; status: 'completed' | 'failed'; failureCode?: string; reason?: string; scanId?: string; artifactDigest?: string }[];
  sbom?: { sbomDigest: string };
  signature?: { signed: true; bundles: { predicateType: string; digest: string }[] } | { signed: false; code: string; reason: string };
}

/** Everything recorded for a run and one of its artifacts. */
export async function storedEvidence(manager: EntityManager, pipelineRunId: string, artifactDigest: string): Promise<StoredEvidence> {
  const run = (await manager.query('SELECT kind, payload FROM gate_run_evidence WHERE pipeline_run_id = $1 ORDER BY kind, key', [pipelineRunId])) as { kind: string; payload: never }[];
  const artifact = (await manager.query('SELECT kind, payload FROM gate_artifact_evidence WHERE artifact_digest = $1', [artifactDigest])) as { kind: string; payload: never }[];
  const scans = run.filter((r) => r.kind === 'scan').map((r) => r.payload as StoredEvidence['scans'][number]);
  return {
    credentials: run.filter((r) => r.kind === 'credentials').map((r) => r.payload),
    // A scan of another artifact of the same run is not this artifact's evidence.
    scans: scans.filter((s) => s.artifactDigest === undefined || s.artifactDigest === artifactDigest),
    sbom: artifact.find((r) => r.kind === 'sbom')?.payload,
    signature: artifact.find((r) => r.kind === 'signature')?.payload,
  };
}
