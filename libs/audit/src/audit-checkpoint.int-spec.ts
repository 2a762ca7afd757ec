import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { checkpointAuditHead, checkpointPayload, verifyAuditCheckpoints, type CheckpointSigner } from './audit-checkpoint';
import { AuditLog } from './audit-log';
import { AUDIT_MIGRATIONS } from './create-audit-tables.migration';

describe(verifyAuditCheckpoints.name, () => {
  let db: TestDataSource;
  const log = new AuditLog();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer =
    (key: KeyObject, keyHint: string): CheckpointSigner =>
    async (payload) => ({ signature: sign('sha256', payload, key), keyHint });
  const keys = new Map([['tollgate-signing:v1', publicKey]]);
  const append = (n: number) => db.dataSource.transaction((m) => log.append(m, { kind: 'gate.decision', subject: `gate-${n}`, detail: { n } }));

  beforeEach(async () => {
    db = await createTestDataSource({ entities: [], migrations: AUDIT_MIGRATIONS });
  });
  afterEach(() => db.destroy());

  it('signs each new head once and verifies every checkpoint against the chain and the key', async () => {
    await append(1);
    await append(2);
    const first = await checkpointAuditHead(db.dataSource, db.schema, signer(privateKey, 'tollgate-signing:v1'));
    expect(first).toMatchObject({ seq: 2, keyHint: 'tollgate-signing:v1' });
    expect(await checkpointAuditHead(db.dataSource, db.schema, signer(privateKey, 'tollgate-signing:v1'))).toBeUndefined();
    await append(3);
    expect(await checkpointAuditHead(db.dataSource, db.schema, signer(privateKey, 'tollgate-signing:v1'))).toMatchObject({ seq: 3 });

    expect(await verifyAuditCheckpoints(db.dataSource, db.schema, keys)).toEqual({ ok: true, checkpoints: 2 });
  });

  it('catches a chain rewritten after a checkpoint, an unknown key and a forged signature', async () => {
    await append(1);
    await checkpointAuditHead(db.dataSource, db.schema, signer(privateKey, 'tollgate-signing:v1'));
    // Someone with table-owner rights rewrites entry 1 (and would recompute the chain): the checkpoint still names the old hash.
    await db.dataSource.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await db.dataSource.query(`UPDATE audit_entry SET hash = repeat('a', 64) WHERE seq = 1`);
    expect(await verifyAuditCheckpoints(db.dataSource, db.schema, keys)).toMatchObject({ ok: false, seq: 1, reason: 'hash-mismatch' });

    expect(await verifyAuditCheckpoints(db.dataSource, db.schema, new Map([['other:v1', publicKey]]))).toMatchObject({ ok: false, reason: 'hash-mismatch' });
    await db.dataSource.query(`UPDATE audit_entry SET hash = (SELECT hash FROM audit_checkpoint WHERE seq = 1) WHERE seq = 1`);
    expect(await verifyAuditCheckpoints(db.dataSource, db.schema, new Map([['other:v1', publicKey]]))).toMatchObject({ ok: false, seq: 1, reason: 'unknown-key' });

    const impostor = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await append(2);
    await checkpointAuditHead(db.dataSource, db.schema, signer(impostor.privateKey, 'tollgate-signing:v1'));
    expect(await verifyAuditCheckpoints(db.dataSource, db.schema, keys)).toMatchObject({ ok: false, seq: 2, reason: 'bad-signature' });
  });

  it('signs a payload that names the schema, so a checkpoint of one log cannot vouch for another', () => {
    expect(checkpointPayload('policy', 7, 'f'.repeat(64)).toString()).toBe(`tollgate-audit-checkpoint/v1\npolicy\n7\n${'f'.repeat(64)}\n`);
  });
});
