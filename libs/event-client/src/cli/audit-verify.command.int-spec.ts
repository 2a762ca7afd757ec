import { Readable } from 'node:stream';
import { AUDIT_MIGRATIONS, AuditLog, type AuditEntry } from '@tollgate/audit';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { closedPort } from '../testing/scripted-gateway';
import { run } from './cli-runner';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function tollgate(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([]),
    env,
  });
  return { code, stdout, stderr };
}

describe(run.name, () => {
  describe('audit verify', () => {
    let db: TestDataSource;
    let entries: AuditEntry[];

    beforeEach(async () => {
      db = await createTestDataSource({ entities: [], migrations: AUDIT_MIGRATIONS, poolSize: 2 });
      const log = new AuditLog();
      entries = [];
      for (const subject of ['cred-1', 'cred-2', 'cred-3', 'cred-4']) {
        entries.push(await log.appendOutsideTransaction(db.dataSource, { kind: 'credential.issued', actor: 'ci', subject, detail: { role: 'deploy' } }));
      }
    });
    afterEach(() => db.destroy());

    async function tamper(sql: string): Promise<void> {
      await db.dataSource.transaction(async (m) => {
        await m.query('ALTER TABLE audit_entry DISABLE TRIGGER ALL');
        await m.query(sql);
        await m.query('ALTER TABLE audit_entry ENABLE TRIGGER ALL');
      });
    }

    it('prints the entry count and head hash and exits 0 when the chain is intact', async () => {
      await expect(tollgate(['audit', 'verify', '--schema', db.schema, '--database-url', db.url])).resolves.toEqual({
        code: 0,
        stdout: `audit chain intact: 4 entries, head ${entries[3].hash}\n`,
        stderr: '',
      });
    });

    it('takes the database URL from DATABASE_URL', async () => {
      const out = await tollgate(['audit', 'verify', '--schema', db.schema], { DATABASE_URL: db.url });

      expect(out).toMatchObject({ code: 0, stdout: `audit chain intact: 4 entries, head ${entries[3].hash}\n` });
    });

    it('names the first broken entry and exits 1 when an entry was edited', async () => {
      await tamper(`UPDATE audit_entry SET detail = '{"role":"admin"}' WHERE seq = 2`);

      const out = await tollgate(['audit', 'verify', '--schema', db.schema, '--database-url', db.url]);

      expect(out.code).toBe(1);
      expect(out.stdout.split('\n')[0]).toBe('audit chain broken at entry 2: hash mismatch');
      expect(out.stdout).toContain(`found    ${entries[1].hash}`);
    });

    it('names the entry after a deleted one and exits 1', async () => {
      await tamper('DELETE FROM audit_entry WHERE seq = 3');

      const out = await tollgate(['audit', 'verify', '--schema', db.schema, '--database-url', db.url]);

      expect(out).toEqual({ code: 1, stdout: 'audit chain broken at entry 4: sequence gap\n  expected 3\n  found    4\n', stderr: '' });
    });

    it('exits 1 and says so when the schema has no audit log', async () => {
      const empty = await createTestDataSource({ entities: [], migrations: [], poolSize: 1 });
      try {
        const out = await tollgate(['audit', 'verify', '--schema', empty.schema, '--database-url', empty.url]);

        expect(out).toEqual({ code: 1, stdout: '', stderr: `tollgate: schema "${empty.schema}" has no audit log (no audit_entry table); is the schema name right and migrated?\n` });
      } finally {
        await empty.destroy();
      }
    });

    it('exits 1 with the reason when the database cannot be reached', async () => {
      const port = await closedPort();

      const out = await tollgate(['audit', 'verify', '--schema', db.schema, '--database-url', `postgres://postgres@127.0.0.1:${port}/tollgate`]);

      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^tollgate: cannot connect to the database: .*ECONNREFUSED/);
    });

    it('exits 2 with the usage when --schema is missing or not a schema name', async () => {
      const missing = await tollgate(['audit', 'verify', '--database-url', db.url]);
      const invalid = await tollgate(['audit', 'verify', '--schema', 'credentials; DROP TABLE x', '--database-url', db.url]);

      expect(missing).toMatchObject({ code: 2, stdout: '' });
      expect(missing.stderr).toMatch(/^tollgate: missing --schema\n\nUsage: tollgate audit verify/);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/^tollgate: --schema: schema name "credentials; DROP TABLE x" must match/);
    });

    it('prints its usage on --help', async () => {
      const out = await tollgate(['audit', 'verify', '--help']);

      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Usage: tollgate audit verify --schema <name>/);
    });
  });
});
