import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** A signature over a checkpoint, from a key held elsewhere (the broker's transit key). */
export type CheckpointSigner = (payload: Buffer) => Promise<{ signature: Buffer; keyHint: string }>;

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  keyHint: string;
  /** base64 */
  signature: string;
  signedAt: Date;
}

/** The bytes signed: a fixed label (so no other signed message can pass as a checkpoint), the schema, seq and hash. */
export function checkpointPayload(schema: string, seq: number, hash: string): Buffer {
  return Buffer.from(`tollgate-audit-checkpoint/v1\n${schema}\n${seq}\n${hash}\n`, 'utf8');
}

/**
 * Signs the chain's head unless it already is: one checkpoint per head, so a quiet log
 * adds none. Returns the new checkpoint, or undefined when there was nothing to sign.
 */
export async function checkpointAuditHead(db: DataSource | EntityManager, schema: string, sign: CheckpointSigner): Promise<AuditCheckpoint | undefined> {
  const [head] = (await db.query(
    `SELECT e.seq, e.hash FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoint c WHERE c.seq = e.seq) AND e.seq = (SELECT max(seq) FROM audit_entry)`,
  )) as { seq: string; hash: string }[];
  if (!head) return undefined;
  const seq = Number(head.seq);
  const { signature, keyHint } = await sign(checkpointPayload(schema, seq, head.hash));
  const [row] = (await db.query(
    `INSERT INTO audit_checkpoint (seq, hash, key_hint, signature) VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING RETURNING signed_at`,
    [seq, head.hash, keyHint, signature.toString('base64')],
  )) as { signed_at: Date }[];
  return row ? { seq, hash: head.hash, keyHint, signature: signature.toString('base64'), signedAt: row.signed_at } : undefined;
}

export type CheckpointVerification =
  | { ok: true; checkpoints: number }
  | { ok: false; checkpoints: number; seq: number; reason: 'hash-mismatch' | 'entry-missing' | 'unknown-key' | 'bad-signature'; detail: string };

/**
 * Every checkpoint against the chain and the public keys (by key hint): the entry at its
 * seq must carry its hash, and its signature must verify. The first failure is reported.
 */
export async function verifyAuditCheckpoints(db: DataSource | EntityManager, schema: string, publicKeys: ReadonlyMap<string, string | KeyObject>): Promise<CheckpointVerification> {
  const rows = (await db.query(
    `SELECT c.seq, c.hash, c.key_hint, c.signature, e.hash AS entry_hash FROM audit_checkpoint c LEFT JOIN audit_entry e ON e.seq = c.seq ORDER BY c.seq`,
  )) as { seq: string; hash: string; key_hint: string; signature: string; entry_hash: string | null }[];
  let checked = 0;
  for (const row of rows) {
    const seq = Number(row.seq);
    if (row.entry_hash === null) return { ok: false, checkpoints: checked, seq, reason: 'entry-missing', detail: `entry ${seq} that the checkpoint signed is gone` };
    if (row.entry_hash !== row.hash) return { ok: false, checkpoints: checked, seq, reason: 'hash-mismatch', detail: `entry ${seq} has hash ${row.entry_hash}, the checkpoint signed ${row.hash}` };
    const key = publicKeys.get(row.key_hint);
    if (key === undefined) return { ok: false, checkpoints: checked, seq, reason: 'unknown-key', detail: `checkpoint ${seq} is signed by ${row.key_hint}, which is not among the keys given` };
    const keyObject = typeof key === 'string' ? createPublicKey(key) : key;
    const algorithm = keyObject.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    if (!verify(algorithm, checkpointPayload(schema, seq, row.hash), keyObject, Buffer.from(row.signature, 'base64'))) {
      return { ok: false, checkpoints: checked, seq, reason: 'bad-signature', detail: `checkpoint ${seq}'s signature does not verify with ${row.key_hint}` };
    }
    checked++;
  }
  return { ok: true, checkpoints: checked };
}
