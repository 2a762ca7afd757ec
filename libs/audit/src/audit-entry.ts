/** What a caller records: one thing that happened, and who did it to what. */
export interface AuditEntryInput {
  /** What happened, e.g. `credential.issued`, `gate.denied`. */
  kind: string;
  pipelineRunId?: string;
  /** Who did it: a user, a workload identity, a service. */
  actor?: string;
  /** What it was done to: a credential id, an artifact digest, a gate. */
  subject?: string;
  /** The evidence; must survive a JSON round trip (no functions, NaN, BigInt, cycles). */
  detail: Record<string, unknown>;
}

/** One link of the chain, as stored. */
export interface AuditEntry {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  /** Database clock at append, whole milliseconds. */
  at: Date;
  kind: string;
  pipelineRunId: string | null;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
  /** The hash of entry `seq - 1`, or GENESIS_HASH for the first. */
  prevHash: string;
  /** sha256 (hex) of the entry's canonical JSON, prevHash included. */
  hash: string;
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
