// Lease half of the broker benchmark: one full cycle through the broker (verify
// the workload token, log in, lease a real Postgres role with its grants, record
// and audit it, queue the run's leases, revoke and audit them) against the bare
// SQL of the same role's life (CREATE ROLE + GRANTs, DROP OWNED + DROP ROLE).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';
import { AuditLog } from '@tollgate/audit';
import { CredentialExchange, EmbeddedBackend, LeaseRevoker, WorkloadTokenVerifier, onPipelineRunFinished, type BrokerRolesFile, type KeyEncryptionKey } from '@tollgate/credentials';
import { buildEvent } from '@tollgate/events';
import { Outbox } from '@tollgate/messaging';
import type { TestIssuer } from '@tollgate/testing';

const quiet = { warn: () => undefined, error: (o: object, m: string) => console.error(m, o), info: () => undefined };

export interface LeaseCycleFigures {
  oursPerSecond: number;
  rawPerSecond: number;
}

function roles(issuer: TestIssuer, appSchema: string): BrokerRolesFile {
  return {
    issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
    roles: [
      {
        name: 'bench-ci',
        issuer: issuer.issuer,
        bound_audiences: ['tollgate-broker'],
        bound_claims: {},
        bound_claims_type: 'string',
        token_ttl: 600,
        token_max_ttl: 900,
        secrets: [{ name: 'db', engine: 'database', backendRole: 'bench-read' }],
        sign_keys: [],
        wrap: false,
        wrap_ttl: 60,
        auth_mount: 'jwt',
      },
    ],
    database_roles: { 'bench-read': { grants: [{ privileges: ['USAGE'], schemas: [appSchema] }, { privileges: ['SELECT'], tables: [`${appSchema}.devices`] }] } },
  };
}

async function rawCycles(dbUrl: string, appSchema: string, n: number): Promise<number> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const role = escapeIdentifier(`bench_raw_${randomBytes(6).toString('hex')}`);
      await client.query('BEGIN');
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD ${escapeLiteral(randomBytes(24).toString('base64url'))} VALID UNTIL ${escapeLiteral(new Date(Date.now() + 600_000).toISOString())}`);
      await client.query(`GRANT USAGE ON SCHEMA ${escapeIdentifier(appSchema)} TO ${role}`);
      await client.query(`GRANT SELECT ON TABLE ${escapeIdentifier(appSchema)}.devices TO ${role}`);
      await client.query('COMMIT');
      await client.query(`DROP OWNED BY ${role}`);
      await client.query(`DROP ROLE ${role}`);
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    await client.end();
  }
}

async function ourCycles(dataSource: DataSource, dbUrl: string, kek: KeyEncryptionKey, issuer: TestIssuer, appSchema: string, n: number): Promise<number> {
  const file = roles(issuer, appSchema);
  const backend = new EmbeddedBackend({ dataSource, adminUrl: dbUrl, databaseRoles: file.database_roles, kek });
  const deps = { dataSource, backend, outbox: new Outbox(), audit: new AuditLog() };
  const exchange = new CredentialExchange({ ...deps, verifier: new WorkloadTokenVerifier(file.issuers), roles: file.roles, logger: quiet });
  const revoker = new LeaseRevoker(deps, { logger: quiet });
  // Tokens are minted before the clock starts: signing them is the issuer's work, not the broker's.
  const tokens = await Promise.all(Array.from({ length: n }, () => issuer.sign({ aud: 'tollgate-broker' })));
  try {
    const start = performance.now();
    for (const token of tokens) {
      const run = `https://ci.example.internal/job/bench/${randomBytes(6).toString('hex')}/`;
      await exchange.exchange({ token, role: 'bench-ci', pipelineRunId: run });
      const finished = buildEvent('pipelinerun.finished', { source: '/bench', subjectId: run, pipelineRunId: run, content: { outcome: 'success' } });
      await dataSource.transaction((m) => onPipelineRunFinished(m, deps.audit, finished));
      if ((await revoker.runOnce()) !== 2) throw new Error('expected the run\'s secret and session to be revoked');
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    await backend.close();
  }
}

/** Cycles per second of each; rounds alternate raw and ours; medians. */
export async function benchLeaseCycle(
  dataSource: DataSource,
  dbUrl: string,
  kek: KeyEncryptionKey,
  issuer: TestIssuer,
  opts: { n: number; rounds: number },
): Promise<LeaseCycleFigures> {
  const appSchema = `bench_app_${randomBytes(4).toString('hex')}`;
  await dataSource.query(`CREATE SCHEMA ${appSchema}`);
  await dataSource.query(`CREATE TABLE ${appSchema}.devices (id int PRIMARY KEY)`);
  try {
    const raw: number[] = [];
    const ours: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      raw.push(await rawCycles(dbUrl, appSchema, opts.n));
      ours.push(await ourCycles(dataSource, dbUrl, kek, issuer, appSchema, opts.n));
    }
    const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { oursPerSecond: mid(ours), rawPerSecond: mid(raw) };
  } finally {
    await dataSource.query(`DROP SCHEMA ${appSchema} CASCADE`);
  }
}
