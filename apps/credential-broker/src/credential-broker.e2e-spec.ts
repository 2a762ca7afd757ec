import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runCli } from '@tollgate/event-client';
import { verifyAuditChain } from '@tollgate/audit';
import { eventually, jenkinsClaims, queryAs, startBrokerHarness, type BrokerHarness } from './testing/broker-harness';

const runId = (): string => `https://ci.example.internal/job/pumps/job/firmware/${randomBytes(4).toString('hex')}/`;

describe('credential-broker (end to end over real NATS and Postgres, embedded backend)', () => {
  let h: BrokerHarness;
  /** Every secret value the broker handed out, for the scan at the end. */
  const issuedSecrets: string[] = [];

  beforeAll(async () => {
    h = await startBrokerHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const leaseState = async (run: string) =>
    (await (await fetch(`${h.broker.url}/v1/runs/${encodeURIComponent(run)}/leases`)).json()) as { leases: { leaseId: string; kind: string; state: string; revokeReason: string }[] };
  const roleExists = async (username: string) => (await h.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [username])).length === 1;

  it('gives a started run a Postgres login with exactly its grants, and takes it away when the run finishes', async () => {
    const run = runId();
    await h.publishRunEvent('started', run);
    const token = await h.issuer.sign(jenkinsClaims());
    issuedSecrets.push(token);
    const res = await h.exchange(token, { role: 'pumps-ci', pipelineRunId: run });
    expect(res.status).toBe(200);
    const [secret] = res.body.secrets;
    expect(secret).toMatchObject({ name: 'inventory-db', engine: 'database', path: 'database/creds/inventory-read', env: { username: 'PGUSER', password: 'PGPASSWORD' } });
    const { username, password } = secret.data as { username: string; password: string };
    issuedSecrets.push(password);

    const url = h.databaseUrlFor(username, password);
    expect(await queryAs(url, `SELECT model FROM ${h.appSchema}.devices ORDER BY id`)).toEqual([{ model: 'pump-a' }, { model: 'pump-b' }]);
    await expect(queryAs(url, `SELECT * FROM ${h.appSchema}.patients`)).rejects.toThrow(/permission denied for table patients/);
    await expect(queryAs(url, `INSERT INTO ${h.appSchema}.devices VALUES (3, 'x')`)).rejects.toThrow(/permission denied for table devices/);
    const [{ rolvaliduntil }] = await h.query(`SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1`, [username]);
    expect(new Date(rolvaliduntil).getTime()).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);

    const issued = (await h.events('CREDENTIALS')).filter((e) => e.pipelinerunid === run && e.type.includes('credentials.issued'));
    expect(issued.map((e) => e.data.subject.content)).toEqual([
      expect.objectContaining({ leaseId: secret.leaseId, role: 'pumps-ci', engine: 'database', delivery: 'direct', ttlSeconds: 600 }),
    ]);

    await h.publishRunEvent('finished', run);
    await eventually(async () => ((await leaseState(run)).leases.every((l) => l.state === 'revoked') ? true : undefined), 15_000, 'leases revoked');
    expect((await leaseState(run)).leases.map((l) => [l.kind, l.state, l.revokeReason]).sort()).toEqual([
      ['secret', 'revoked', 'run-finished'],
      ['session', 'revoked', 'run-finished'],
    ]);
    expect(await roleExists(username)).toBe(false);
    await expect(queryAs(url, 'SELECT 1')).rejects.toThrow(/password authentication failed|role .* does not exist/);
    const revoked = (await h.events('CREDENTIALS')).filter((e) => e.pipelinerunid === run && e.type.includes('credentials.revoked'));
    expect(revoked).toHaveLength(2);

    // The run is closed: a token replayed after the finish gets nothing.
    const late = await h.exchange(token, { role: 'pumps-ci', pipelineRunId: run });
    expect(late).toMatchObject({ status: 403, body: { error: { category: 'run-closed' } } });
  });

  it('revokes a lease at its expiry when the run never finishes', async () => {
    const run = runId();
    const token = await h.issuer.sign(jenkinsClaims());
    const res = await h.exchange(token, { role: 'pumps-ci', pipelineRunId: run, ttlSeconds: 2 });
    expect(res.status).toBe(200);
    const { username, password } = res.body.secrets[0].data;
    issuedSecrets.push(password);
    expect(res.body.secrets[0].ttlSeconds).toBe(2);
    await eventually(async () => ((await leaseState(run)).leases.every((l) => l.state === 'revoked') ? true : undefined), 15_000, 'expiry revocation');
    expect((await leaseState(run)).leases.map((l) => l.revokeReason)).toEqual(['expired', 'expired']);
    expect(await roleExists(username)).toBe(false);
  });

  it('caps a requested TTL at the role maximum', async () => {
    const run = runId();
    const res = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'pumps-ci', pipelineRunId: run, ttlSeconds: 86_400 });
    issuedSecrets.push(res.body.secrets[0].data.password);
    expect(res.body.secrets[0].ttlSeconds).toBe(900);
    await h.publishRunEvent('finished', run);
  });

  it('fails closed while the backend is down, and serves the next run once it is back', async () => {
    const before = (await h.query(`SELECT count(*)::int AS n FROM credential_lease WHERE kind = 'secret'`))[0].n;
    const run = runId();
    h.backendLink.cut();
    try {
      const res = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'pumps-ci', pipelineRunId: run });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'CREDENTIALS_DENIED', category: 'backend-unavailable' });
      expect(res.body.secrets).toBeUndefined();
    } finally {
      h.backendLink.restore();
    }
    expect((await h.query(`SELECT count(*)::int AS n FROM credential_lease WHERE kind = 'secret'`))[0].n).toBe(before);
    const denied = await eventually(async () =>
      (await h.events('CREDENTIALS')).find((e) => e.pipelinerunid === run && e.type.includes('credentials.denied')),
    );
    expect(denied.data.subject.content).toMatchObject({ role: 'pumps-ci', category: 'backend-unavailable' });

    const next = runId();
    const ok = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'pumps-ci', pipelineRunId: next });
    expect(ok.status).toBe(200);
    issuedSecrets.push(ok.body.secrets[0].data.password);
    await h.publishRunEvent('finished', next);
  });

  it('delivers a service secret as a single-use wrapping token; a second unwrap fails and tells the SOC', async () => {
    const run = runId();
    const token = await h.issuer.sign(jenkinsClaims({ sub: 'system:serviceaccount:tollgate:registry-promoter' }));
    const res = await h.exchange(token, { role: 'promoter', pipelineRunId: run });
    expect(res.status).toBe(200);
    const [secret] = res.body.secrets;
    expect(secret.data).toBeUndefined();
    const wrapToken: string = secret.wrapped.token;
    issuedSecrets.push(wrapToken);
    const unwrap = () => fetch(`${h.broker.url}/v1/sys/wrapping/unwrap`, { method: 'POST', headers: { 'x-vault-token': wrapToken } });

    const first = await unwrap();
    expect(first.status).toBe(200);
    const { data } = (await first.json()) as { data: { username: string; password: string } };
    issuedSecrets.push(data.password);
    expect(await queryAs(h.databaseUrlFor(data.username, data.password), `SELECT count(*)::int AS n FROM ${h.appSchema}.devices`)).toEqual([{ n: 2 }]);

    const second = await unwrap();
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ errors: ['wrapping token was already unwrapped; this use has been reported'] });
    const breach = await eventually(async () => (await h.events('SECURITY')).find((e) => e.pipelinerunid === run));
    expect(breach.data.subject.content).toMatchObject({ severity: 'high', category: 'wrapping-token-reuse', reference: `wrapping-token/${secret.wrapped.accessor}` });
    await h.publishRunEvent('finished', run);
  });

  it('signs with a transit key it never hands out, for roles that list the key', async () => {
    const keys = (await (await fetch(`${h.broker.url}/v1/transit/keys/tollgate-signing`)).json()) as { data: { type: string; keys: Record<string, { public_key: string }> } };
    expect(keys.data.type).toBe('ecdsa-p256');
    expect(keys.data.keys['1'].public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const res = await fetch(`${h.broker.url}/v1/transit/sign/tollgate-signing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.issuer.sign(jenkinsClaims())}` },
      body: JSON.stringify({ role: 'pumps-ci', input: Buffer.from('payload').toString('base64') }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('role pumps-ci may not sign with key tollgate-signing');
  });

  it('reads a large input to sign whole (an SBOM attestation), while every other endpoint keeps its small body limit', async () => {
    const token = await h.issuer.sign(jenkinsClaims());
    const post = (path: string, body: object) =>
      fetch(`${h.broker.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    // 3 MiB to sign: read in full and judged on the role (which may not sign), not refused for its size.
    const large = await post('/v1/transit/sign/tollgate-signing', { role: 'pumps-ci', input: randomBytes(3 * 1024 * 1024).toString('base64') });
    expect(large.status).toBe(403);
    const exchange = await post('/v1/credentials/exchange', { role: 'pumps-ci', pipelineRunId: runId(), padding: 'x'.repeat(300 * 1024) });
    expect(exchange.status).toBe(413);
  });

  it('lets a Jenkinsfile lease through the CLI into a 0600 file or one child command, never stdout', async () => {
    const run = runId();
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
    const tokenFile = join(dir, 'workload.jwt');
    writeFileSync(tokenFile, await h.issuer.sign(jenkinsClaims()), { mode: 0o600 });
    const out: string[] = [];
    const io = { stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => out.push(`[stderr]${c}`) }, stdin: process.stdin, env: { TOLLGATE_BROKER_URL: h.broker.url } };
    try {
      const envFile = join(dir, 'secrets.env');
      expect(await runCli(['credentials', 'exchange', '--role', 'pumps-ci', '--run-id', run, '--token-file', tokenFile, '--out', envFile], io)).toBe(0);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      const vars = Object.fromEntries(readFileSync(envFile, 'utf8').trim().split('\n').map((l) => /^(\w+)='(.*)'$/.exec(l)!.slice(1)));
      expect(Object.keys(vars).sort()).toEqual(['PGPASSWORD', 'PGUSER']);
      issuedSecrets.push(vars.PGPASSWORD);
      expect(await queryAs(h.databaseUrlFor(vars.PGUSER, vars.PGPASSWORD), `SELECT count(*)::int AS n FROM ${h.appSchema}.devices`)).toEqual([{ n: 2 }]);

      const seen = join(dir, 'child-saw');
      const child = `require('fs').writeFileSync(process.argv[1], process.env.PGUSER + ':' + process.env.PGPASSWORD)`;
      expect(await runCli(['credentials', 'exchange', '--role', 'pumps-ci', '--run-id', run, '--token-file', tokenFile, '--', process.execPath, '-e', child, seen], io)).toBe(0);
      const [user, password] = readFileSync(seen, 'utf8').split(':');
      issuedSecrets.push(password);
      expect(user).toMatch(/^tg_lease_/);
      expect(out.filter((l) => !l.startsWith('[stderr]'))).toEqual([]);
      expect(out.join('')).not.toContain(password);
      expect(out.join('')).not.toContain(vars.PGPASSWORD);

      const denied = await runCli(['credentials', 'exchange', '--role', 'root', '--run-id', run, '--token-file', tokenFile, '--out', join(dir, 'x.env')], io);
      expect(denied).toBe(1);
      expect(out.at(-1)).toBe('[stderr]tollgate: credentials denied (role-mismatch): no role named root\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await h.publishRunEvent('finished', run);
    }
  });

  it('keeps a revocation that fails pending, visibly, and retries it until the backend takes it', async () => {
    const run = runId();
    const res = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'pumps-ci', pipelineRunId: run });
    const { username, password } = res.body.secrets[0].data;
    issuedSecrets.push(password);
    h.backendLink.cut();
    try {
      await h.publishRunEvent('finished', run);
      const pending = await eventually(async () => {
        const secret = (await leaseState(run)).leases.find((l) => l.kind === 'secret') as { state: string; revokeAttempts: number; lastError: string } | undefined;
        return secret && secret.state === 'revoke_pending' && secret.revokeAttempts > 0 ? secret : undefined;
      });
      expect(pending.lastError).toMatch(/^embedded backend: database unreachable/);
      expect(await roleExists(username)).toBe(true);
    } finally {
      h.backendLink.restore();
    }
    await eventually(async () => ((await leaseState(run)).leases.every((l) => l.state === 'revoked') ? true : undefined), 20_000, 'retried revocation');
    expect(await roleExists(username)).toBe(false);
    const revoked = (await h.events('CREDENTIALS')).filter((e) => e.pipelinerunid === run && e.type.includes('credentials.revoked'));
    expect(revoked).toHaveLength(2);
    expect((await h.query(`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'revoke-failed' AND pipeline_run_id = $1`, [run]))[0].n).toBeGreaterThan(0);
  });

  it('drops a leased role that a crash left unrecorded, once it expires', async () => {
    const backend = h.broker.runtime.backend;
    const session = await backend.login({ jwt: 'unused-by-embedded', authRole: 'pumps-ci', authMount: 'jwt', pipelineRunId: runId(), ttlSeconds: 60 });
    const orphan = await backend.lease(session, { engine: 'database', backendRole: 'inventory-read', ttlSeconds: 1, pipelineRunId: 'crashed' });
    issuedSecrets.push(orphan.data.password);
    expect(await roleExists(orphan.data.username)).toBe(true);
    await eventually(async () => ((await roleExists(orphan.data.username)) ? undefined : true), 15_000, 'orphan sweep');
    const [entry] = await h.query(`SELECT detail FROM audit_entry WHERE kind = 'revoked' AND subject LIKE $1`, [`%/${orphan.data.username}`]);
    expect(entry.detail).toEqual({ reason: 'expired-orphan', role: orphan.data.username });
  });

  it('exports lease, TTL and denial metrics for Prometheus', async () => {
    const run = runId();
    const live = await h.exchange(await h.issuer.sign(jenkinsClaims()), { role: 'pumps-ci', pipelineRunId: run, ttlSeconds: 700 });
    issuedSecrets.push(live.body.secrets[0].data.password);
    const text = await (await fetch(`${h.broker.url}/metrics`)).text();
    await h.publishRunEvent('finished', run);
    const value = (line: RegExp): number => Number(text.split('\n').find((l) => line.test(l))?.split(' ').pop());
    expect(value(/^tollgate_credentials_leases_issued_total\{.*engine="database".*role="pumps-ci"/)).toBeGreaterThanOrEqual(5);
    expect(value(/^tollgate_credentials_leases_revoked_total\{.*reason="run-finished"/)).toBeGreaterThanOrEqual(2);
    expect(value(/^tollgate_credentials_denials_total\{category="backend-unavailable"/)).toBe(1);
    expect(value(/^tollgate_credentials_lease_ttl_count\{engine="database"/)).toBeGreaterThanOrEqual(5);
    expect(value(/^tollgate_credentials_lease_ttl_sum\{engine="database"/)).toBeGreaterThan(0);
    expect(value(/^tollgate_credentials_leases_active\{state="active"/)).toBe(1);
    expect(value(/^tollgate_credentials_leases_active\{state="revoke_pending"/)).toBe(0);
    expect(value(/^tollgate_credentials_lease_ttl_max\{/)).toBe(700);
    expect(value(/^tollgate_credentials_lease_ttl_mean\{/)).toBe(700);
  });

  it('keeps an intact hash chain of every login, issuance, denial, unwrap and revocation', async () => {
    const kinds = (await h.query(`SELECT DISTINCT kind FROM audit_entry`)).map((r) => r.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(['denied', 'issued', 'login', 'revoked', 'run-closed', 'run-opened', 'sign-refused', 'unwrap-refused', 'unwrapped']));
    const result = await verifyAuditChain(h.db.dataSource);
    expect(result.ok).toBe(true);
  });

  it('never lets an issued secret or workload token reach a log line, event, span or table', async () => {
    expect(issuedSecrets.length).toBeGreaterThanOrEqual(7);
    const events = [...(await h.events('CREDENTIALS')), ...(await h.events('SECURITY'))].map((e) => JSON.stringify(e));
    const spans = h.spans.getFinishedSpans().map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status }));
    const tables = (await h.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [h.db.schema])).map((r) => r.table_name as string);
    const dumps: string[] = [];
    for (const table of tables) dumps.push(JSON.stringify(await h.query(`SELECT * FROM "${table}"`)));
    expect(h.logLines.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(spans.length).toBeGreaterThan(0);
    expect(tables).toEqual(expect.arrayContaining(['credential_lease', 'audit_entry', 'outbox_message', 'wrapping_ledger', 'transit_key_version']));
    const haystacks = { logs: h.logLines.join('\n'), events: events.join('\n'), spans: spans.join('\n'), tables: dumps.join('\n') };
    const found = Object.entries(haystacks).flatMap(([where, text]) => issuedSecrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 6)}…`));
    expect(found).toEqual([]);
  });
});
