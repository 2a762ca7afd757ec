import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEMO_SCHEMA, type LocalBroker } from './local-broker';

const ROOT = resolve(__dirname, '..');

export interface LeasedLogin {
  username: string;
  password: string;
}

async function queryAs(databaseUrl: string, login: LeasedLogin, sql: string): Promise<string> {
  const url = new URL(databaseUrl);
  url.username = login.username;
  url.password = login.password;
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(sql);
    return `ok (${rows[0].n} rows)`;
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * What a Jenkinsfile step does: present the build's workload token to the
 * broker through the CLI, get the role's secrets in a 0600 file, use them.
 */
export async function leaseAsBuild(broker: LocalBroker, brokerUrl: string, runUrl: string, databaseUrl: string, say: (line: string) => void): Promise<LeasedLogin> {
  const dir = join(ROOT, '.tollgate', 'tmp');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tokenFile = join(dir, 'workload.jwt');
  const outFile = join(dir, 'build-secrets.json');
  writeFileSync(tokenFile, await broker.signWorkloadToken({ sub: 'job/pumps/infusion-pump-firmware', job_name: 'pumps/infusion-pump-firmware', ref: 'refs/heads/main' }), { mode: 0o600 });
  const cli = spawnSync(
    process.execPath,
    [join(ROOT, 'tools/bin/tollgate.js'), 'credentials', 'exchange', '--role', 'pumps-ci', '--run-id', runUrl, '--token-file', tokenFile, '--out', outFile, '--format', 'json'],
    { env: { ...process.env, TOLLGATE_BROKER_URL: brokerUrl }, encoding: 'utf8' },
  );
  say(`tollgate credentials exchange --role pumps-ci --out <0600 file> -> exit ${cli.status}`);
  for (const line of `${cli.stdout}${cli.stderr}`.trim().split('\n')) say(`  ${line}`);
  if (cli.status !== 0) throw new Error('the build could not lease its credentials');
  const vars = JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, string>;
  rmSync(outFile);
  rmSync(tokenFile);
  const login = { username: vars.PGUSER, password: vars.PGPASSWORD };
  say(`leased Postgres role ${login.username} (password only in the build's file, never printed)`);
  say(`  SELECT count(*) FROM ${DEMO_SCHEMA}.devices  as ${login.username}: ${await queryAs(databaseUrl, login, `SELECT count(*)::int AS n FROM ${DEMO_SCHEMA}.devices`)}`);
  say(`  SELECT count(*) FROM ${DEMO_SCHEMA}.patients as ${login.username}: ${await queryAs(databaseUrl, login, `SELECT count(*)::int AS n FROM ${DEMO_SCHEMA}.patients`)}`);
  return login;
}

/** After the run's finish event: the broker revokes; the same login no longer works. */
export async function showRevoked(brokerUrl: string, runUrl: string, login: LeasedLogin, databaseUrl: string, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  let leases: { leaseId: string; state: string; revokeReason: string | null }[] = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${brokerUrl}/v1/runs/${encodeURIComponent(runUrl)}/leases`);
    leases = ((await res.json()) as { leases: typeof leases }).leases;
    if (leases.length > 0 && leases.every((l) => l.state === 'revoked')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  say(`GET /v1/runs/<run>/leases`);
  for (const l of leases) say(`  ${l.leaseId.padEnd(58)} ${l.state} (${l.revokeReason ?? '-'})`);
  const after = await queryAs(databaseUrl, login, 'SELECT 1 AS n');
  say(`  login as ${login.username} after the run: ${after}`);
  const audit = spawnSync(process.execPath, [join(ROOT, 'tools/bin/tollgate.js'), 'audit', 'verify', '--schema', 'credentials', '--database-url', databaseUrl], { encoding: 'utf8' });
  say(`tollgate audit verify --schema credentials -> ${`${audit.stdout}${audit.stderr}`.trim()}`);
  return leases.every((l) => l.state === 'revoked') && after.startsWith('refused') && audit.status === 0;
}
