import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { GENESIS_HASH, type AuditEntry } from './audit-entry';
import { verifyAuditChain } from './audit-chain.verifier';
import { auditEntryHash } from './audit-hash';
import { AuditLog } from './audit-log';
import { AUDIT_MIGRATIONS } from './create-audit-tables.migration';

describe(verifyAuditChain.name, () => {
  let db: TestDataSource;
  const log = new AuditLog();

  beforeEach(async () => {
    db = await createTestDataSource({ entities: [], migrations: AUDIT_MIGRATIONS });
  });
  afterEach(() => db.destroy());

  async function appendEntries(count: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (let n = 1; n <= count; n++) {
      entries.push(await log.appendOutsideTransaction(db.dataSource, { kind: 'credential.issued', actor: 'ci', subject: `cred-${n}`, detail: { role: 'deploy', n } }));
    }
    return entries;
  }

  // What an attacker with superuser rights can do: switch the append-only trigger off, rewrite, switch it back on.
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await db.dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_entry DISABLE TRIGGER ALL');
      await m.query(sql, params);
      await m.query('ALTER TABLE audit_entry ENABLE TRIGGER ALL');
    });
  }

  it('finds an empty log intact, with the genesis hash as head', async () => {
    await expect(verifyAuditChain(db.dataSource)).resolves.toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
  });

  it('pages through a chain longer than one page, whether or not the last page is full', async () => {
    const entries = await appendEntries(25);
    const intact = { ok: true, entries: 25, headHash: entries[24].hash };

    await expect(verifyAuditChain(db.dataSource, { pageSize: 7 })).resolves.toEqual(intact);
    await expect(verifyAuditChain(db.dataSource, { pageSize: 5 })).resolves.toEqual(intact);
    await expect(verifyAuditChain(db.dataSource.manager, { pageSize: 1 })).resolves.toEqual(intact);
  });

  it('reports a break that lies past the first page', async () => {
    const entries = await appendEntries(25);
    await tamper(`UPDATE audit_entry SET kind = 'credential.revoked' WHERE seq = 23`);

    const rewritten = auditEntryHash({ ...entries[22], at: entries[22].at.toISOString(), kind: 'credential.revoked' });

    await expect(verifyAuditChain(db.dataSource, { pageSize: 7 })).resolves.toEqual({
      ok: false, entries: 22, brokenAt: 23, reason: 'hash mismatch', expected: rewritten, found: entries[22].hash,
    });
  });

  it('reports "hash mismatch" at an entry whose detail was edited', async () => {
    const entries = await appendEntries(8);
    await tamper(`UPDATE audit_entry SET detail = '{"role":"admin","n":5}' WHERE seq = 5`);

    await expect(verifyAuditChain(db.dataSource, { pageSize: 3 })).resolves.toMatchObject({ ok: false, entries: 4, brokenAt: 5, reason: 'hash mismatch', found: entries[4].hash });
  });

  it('reports "hash mismatch" when a time is moved by less than a millisecond', async () => {
    await appendEntries(3);
    await tamper(`UPDATE audit_entry SET at = at + interval '1 microsecond' WHERE seq = 2`);

    await expect(verifyAuditChain(db.dataSource)).resolves.toMatchObject({ ok: false, brokenAt: 2, reason: 'hash mismatch' });
  });

  it('reports "sequence gap" at the entry after one deleted from the middle', async () => {
    await appendEntries(8);
    await tamper('DELETE FROM audit_entry WHERE seq = 5');

    await expect(verifyAuditChain(db.dataSource, { pageSize: 3 })).resolves.toEqual({ ok: false, entries: 4, brokenAt: 6, reason: 'sequence gap', expected: '5', found: '6' });
  });

  it('reports "sequence gap" when the first entry was deleted', async () => {
    await appendEntries(3);
    await tamper('DELETE FROM audit_entry WHERE seq = 1');

    await expect(verifyAuditChain(db.dataSource)).resolves.toEqual({ ok: false, entries: 0, brokenAt: 2, reason: 'sequence gap', expected: '1', found: '2' });
  });

  it('reports "previous hash mismatch" at the entry after one that was edited and re-hashed', async () => {
    const entries = await appendEntries(8);
    const forged = { ...entries[4], at: entries[4].at.toISOString(), detail: { role: 'admin', n: 5 } };
    const forgedHash = auditEntryHash(forged);
    await tamper('UPDATE audit_entry SET detail = $1::jsonb, hash = $2 WHERE seq = 5', [JSON.stringify(forged.detail), forgedHash]);

    await expect(verifyAuditChain(db.dataSource, { pageSize: 3 })).resolves.toEqual({
      ok: false, entries: 5, brokenAt: 6, reason: 'previous hash mismatch', expected: forgedHash, found: entries[4].hash,
    });
  });

  it('reports only the first of several broken links', async () => {
    await appendEntries(10);
    await tamper(`UPDATE audit_entry SET actor = 'someone-else' WHERE seq IN (3, 7)`);
    await tamper('DELETE FROM audit_entry WHERE seq = 9');

    await expect(verifyAuditChain(db.dataSource)).resolves.toMatchObject({ ok: false, entries: 2, brokenAt: 3, reason: 'hash mismatch' });
  });

  it('refuses a page size that is not a positive integer', async () => {
    await expect(verifyAuditChain(db.dataSource, { pageSize: 0 })).rejects.toThrow('pageSize must be a positive integer');
  });
});
