import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { GENESIS_HASH, type AuditEntry, type AuditEntryInput } from './audit-entry';
import { verifyAuditChain } from './audit-chain.verifier';
import { AuditLog } from './audit-log';
import { AuditLogError } from './audit-log.error';
import { AUDIT_MIGRATIONS } from './create-audit-tables.migration';

interface StoredRow {
  seq: string;
  at: Date;
  kind: string;
  pipeline_run_id: string | null;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const issued = (n: number): AuditEntryInput => ({
  kind: 'credential.issued',
  pipelineRunId: 'jenkins/payments-api/42',
  actor: 'spiffe://tollgate/ci/jenkins',
  subject: `cred-${n}`,
  detail: { role: 'deploy', ttlSeconds: 900, n },
});

describe(AuditLog.name, () => {
  let db: TestDataSource;
  const log = new AuditLog();

  beforeEach(async () => {
    db = await createTestDataSource({ entities: [], migrations: AUDIT_MIGRATIONS, poolSize: 21 });
  });
  afterEach(() => db.destroy());

  async function storedRows(): Promise<StoredRow[]> {
    return (await db.dataSource.query('SELECT * FROM audit_entry ORDER BY seq')) as StoredRow[];
  }

  function asEntry(row: StoredRow): AuditEntry {
    return {
      seq: Number(row.seq),
      at: row.at,
      kind: row.kind,
      pipelineRunId: row.pipeline_run_id,
      actor: row.actor,
      subject: row.subject,
      detail: row.detail,
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  }

  describe('#append', () => {
    it('chains each entry to the one before, starting from the genesis hash, and stores what it returns', async () => {
      const appended: AuditEntry[] = [];
      for (const n of [1, 2, 3]) appended.push(await db.dataSource.transaction((m) => log.append(m, issued(n))));

      expect(appended.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(appended.map((e) => e.prevHash)).toEqual([GENESIS_HASH, appended[0].hash, appended[1].hash]);
      expect(appended.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect(new Set(appended.map((e) => e.hash)).size).toBe(3);
      expect(appended[0]).toMatchObject({ kind: 'credential.issued', subject: 'cred-1', detail: { role: 'deploy', ttlSeconds: 900, n: 1 } });
      expect((await storedRows()).map(asEntry)).toEqual(appended);
      await expect(verifyAuditChain(db.dataSource)).resolves.toEqual({ ok: true, entries: 3, headHash: appended[2].hash });
    });

    it('records absent run id, actor and subject as null, and the detail as Postgres gives it back', async () => {
      const detail = { reason: 'no matching policy', at: new Date('2026-01-02T03:04:05.678Z'), dropped: undefined, nested: { 'ü': [1, 2.5, null] } };
      const entry = await log.appendOutsideTransaction(db.dataSource, { kind: 'login.denied', detail });

      expect(entry).toMatchObject({ pipelineRunId: null, actor: null, subject: null });
      expect(entry.detail).toEqual({ reason: 'no matching policy', at: '2026-01-02T03:04:05.678Z', nested: { 'ü': [1, 2.5, null] } });
      expect((await storedRows()).map(asEntry)).toEqual([entry]);
      await expect(verifyAuditChain(db.dataSource)).resolves.toMatchObject({ ok: true, entries: 1 });
    });

    it('leaves no entry and no gap when the transaction that appended rolls back', async () => {
      const first = await log.appendOutsideTransaction(db.dataSource, issued(1));
      await expect(
        db.dataSource.transaction(async (m) => {
          await log.append(m, issued(2));
          throw new Error('issuing the credential failed');
        }),
      ).rejects.toThrow('issuing the credential failed');

      const next = await log.appendOutsideTransaction(db.dataSource, issued(3));

      expect(next).toMatchObject({ seq: 2, prevHash: first.hash, subject: 'cred-3' });
      expect((await storedRows()).map((r) => r.subject)).toEqual(['cred-1', 'cred-3']);
      await expect(verifyAuditChain(db.dataSource)).resolves.toEqual({ ok: true, entries: 2, headHash: next.hash });
    });

    it('makes 20 concurrent appenders form one unbroken chain', async () => {
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          db.dataSource.transaction(async (m) => {
            const entry = await log.append(m, issued(n));
            // Keep the transaction open a little after appending, as a real state change would.
            await m.query('SELECT pg_sleep(0.01)');
            return entry;
          }),
        ),
      );

      expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(appended.map((e) => e.prevHash)).size).toBe(20);
      const rows = await storedRows();
      expect(rows.map((r) => r.subject).sort()).toEqual(appended.map((e) => e.subject).sort());
      // Times rise with seq: each appender read the clock after the one before it committed.
      expect(rows.map((r) => r.at.getTime())).toEqual(rows.map((r) => r.at.getTime()).sort((a, b) => a - b));
      await expect(verifyAuditChain(db.dataSource)).resolves.toEqual({ ok: true, entries: 20, headHash: rows[19].hash });
    });

    it('refuses to append outside a transaction', async () => {
      const attempt = log.append(db.dataSource.manager, issued(1));

      await expect(attempt).rejects.toBeInstanceOf(AuditLogError);
      await expect(attempt).rejects.toMatchObject({ code: 'AUDIT_NOT_IN_TRANSACTION' });
      expect(await storedRows()).toEqual([]);
    });

    it('refuses an empty kind or a detail that is not a JSON object', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;

      for (const bad of [
        { kind: '', detail: {} },
        { kind: 'x', detail: [] as unknown as Record<string, unknown> },
        { kind: 'x', detail: null as unknown as Record<string, unknown> },
        { kind: 'x', detail: cyclic },
        { kind: 'x', actor: 42 as unknown as string, detail: {} },
      ]) {
        await expect(log.appendOutsideTransaction(db.dataSource, bad)).rejects.toMatchObject({ code: 'AUDIT_INVALID_ENTRY' });
      }
      expect(await storedRows()).toEqual([]);
    });
  });

  describe('audit_entry table', () => {
    it('refuses UPDATE, DELETE and TRUNCATE, leaving the entry as it was', async () => {
      const entry = await log.appendOutsideTransaction(db.dataSource, issued(1));

      await expect(db.dataSource.query(`UPDATE audit_entry SET detail = '{"role":"admin"}' WHERE seq = 1`)).rejects.toThrow('audit_entry is append-only: UPDATE refused');
      await expect(db.dataSource.query('DELETE FROM audit_entry WHERE seq = 1')).rejects.toThrow('audit_entry is append-only: DELETE refused');
      await expect(db.dataSource.query('TRUNCATE audit_entry')).rejects.toThrow('audit_entry is append-only: TRUNCATE refused');

      expect((await storedRows()).map(asEntry)).toEqual([entry]);
    });
  });
});
