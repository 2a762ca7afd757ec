import { randomBytes } from 'node:crypto';
import { Pool, escapeIdentifier, escapeLiteral } from 'pg';
import type { DatabaseRoleGrants } from '../../roles/broker-roles.schema';
import { BackendError, type IssuedSecret } from '../secrets-backend';
import { scramSha256Verifier } from './scram-verifier';

/**
 * Granting on and dropping roles from the same tables rewrites those tables' ACLs: two
 * builds doing it at once fail with "tuple concurrently updated". Every lease and revoke
 * takes this transaction lock first, so they queue for the moment the DDL takes instead.
 */
const ROLE_DDL_LOCK = `SELECT pg_advisory_xact_lock(hashtext('tollgate:embedded-role-ddl'))`;

/** Every role this engine creates starts with this, so the expiry sweep can never touch anyone else's role. */
const ROLE_PREFIX = 'tg_lease_';

function quoteQualified(name: string): string {
  return name.split('.').map(escapeIdentifier).join('.');
}

function grantStatements(role: string, grants: DatabaseRoleGrants): string[] {
  return grants.grants.flatMap((g) => {
    const privileges = g.privileges.join(', ');
    if (g.schemas?.length) return [`GRANT ${privileges} ON SCHEMA ${g.schemas.map(quoteQualified).join(', ')} TO ${escapeIdentifier(role)}`];
    return [`GRANT ${privileges} ON TABLE ${g.tables!.map(quoteQualified).join(', ')} TO ${escapeIdentifier(role)}`];
  });
}

/**
 * Dynamic database credentials as real PostgreSQL roles: LOGIN with a random
 * password, VALID UNTIL the lease's expiry (the server refuses the login after
 * that even if revocation never ran), and exactly the grants the role declares.
 * Revocation ends the role's sessions and drops it.
 */
export class PostgresRoleEngine {
  private readonly pool: Pool;

  constructor(
    adminUrl: string,
    private readonly roles: Record<string, DatabaseRoleGrants>,
  ) {
    // Few connections: role DDL is rare next to the broker's own traffic.
    this.pool = new Pool({ connectionString: adminUrl, max: 4, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined); // an idle client's failure surfaces on the next query
  }

  async health(): Promise<void> {
    await this.run(async (c) => c.query('SELECT 1'));
  }

  async lease(backendRole: string, ttlSeconds: number): Promise<IssuedSecret> {
    const grants = this.roles[backendRole];
    if (!grants) throw new BackendError('not-found', `no database role ${backendRole} is declared for the embedded backend`);
    const username = `${ROLE_PREFIX}${randomBytes(8).toString('hex')}`;
    const password = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.run(async (c) => {
      await c.query('BEGIN');
      try {
        await c.query(ROLE_DDL_LOCK);
        await c.query(
          `CREATE ROLE ${escapeIdentifier(username)} LOGIN NOINHERIT PASSWORD ${escapeLiteral(scramSha256Verifier(password))} VALID UNTIL ${escapeLiteral(expiresAt.toISOString())}`,
        );
        for (const statement of grantStatements(username, grants)) await c.query(statement);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    const path = `database/creds/${backendRole}`;
    return { leaseId: `${path}/${username}`, engine: 'database', path, ttlSeconds, expiresAt, renewable: false, data: { username, password } };
  }

  /** Idempotent: a role already gone is revoked. */
  async revoke(leaseId: string): Promise<void> {
    const username = leaseId.slice(leaseId.lastIndexOf('/') + 1);
    if (!username.startsWith(ROLE_PREFIX) || !/^[a-z0-9_]+$/.test(username)) {
      throw new BackendError('invalid-request', `lease ${leaseId} was not issued by the embedded database engine`);
    }
    await this.run(async (c) => {
      const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username]);
      if (!rowCount) return;
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [username]);
      await c.query('BEGIN');
      try {
        await c.query(ROLE_DDL_LOCK);
        await c.query(`DROP OWNED BY ${escapeIdentifier(username)}`);
        await c.query(`DROP ROLE IF EXISTS ${escapeIdentifier(username)}`);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Roles past their VALID UNTIL that revocation has not dropped yet (e.g. the broker crashed). */
  async expiredRoles(): Promise<string[]> {
    return this.run(async (c) => {
      const { rows } = await c.query<{ rolname: string }>(
        `SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) AND rolvaliduntil < now()`,
        [ROLE_PREFIX],
      );
      return rows.map((r) => r.rolname);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async run<T>(work: (client: import('pg').PoolClient) => Promise<T>): Promise<T> {
    let client: import('pg').PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new BackendError('unavailable', `embedded backend: database unreachable (${(error as NodeJS.ErrnoException).code ?? 'connect failed'})`);
    }
    let broken: Error | undefined;
    // A connection cut mid-query also emits 'error' on the client; the query's rejection reports it.
    const swallow = (): void => undefined;
    client.on('error', swallow);
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof BackendError) throw error;
      const code = (error as { code?: string }).code ?? '';
      // A missing table or schema in a declared grant is the roles file's fault, not an outage.
      if (code.startsWith('42')) throw new BackendError('invalid-request', `embedded backend: ${(error as Error).message}`);
      broken = error as Error;
      // Postgres messages name roles and objects, never the password (only its verifier is sent).
      throw new BackendError('unavailable', `embedded backend: ${(error as Error).message}`);
    } finally {
      client.off('error', swallow);
      client.release(broken);
    }
  }
}
