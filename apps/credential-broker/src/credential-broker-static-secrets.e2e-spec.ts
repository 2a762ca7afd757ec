import { randomBytes } from 'node:crypto';
import { eventually, startBrokerHarness, type BrokerHarness } from './testing/broker-harness';

const runId = (): string => `https://ci.example.internal/job/pumps/job/firmware/${randomBytes(4).toString('hex')}/`;
const SCANNER = { aud: 'tollgate-broker', sub: 'system:serviceaccount:tollgate:scanner-runner' };

describe('credential-broker: static (kv) secrets such as a git read token (embedded backend)', () => {
  let h: BrokerHarness;
  const pumpsToken = `glpat-${randomBytes(14).toString('hex')}`;

  beforeAll(async () => {
    h = await startBrokerHarness();
    await h.putStaticSecret('git/pumps-firmware', { username: 'x-access-token', password: pumpsToken });
    await h.putStaticSecret('git/infusion-cloud', { username: 'x-access-token', password: `glpat-${randomBytes(14).toString('hex')}` });
  });

  afterAll(async () => {
    await h?.close();
  });

  const leasesOf = async (run: string) =>
    ((await (await fetch(`${h.broker.url}/v1/runs/${encodeURIComponent(run)}/leases`)).json()) as { leases: { kind: string; engine: string; path: string; state: string; revokeReason: string | null }[] }).leases;

  it('hands out only the secret asked for, records and audits the read, and publishes no value', async () => {
    const run = runId();
    await h.publishRunEvent('started', run);
    const res = await h.exchange(await h.issuer.sign(SCANNER), { role: 'source-reader', pipelineRunId: run, secrets: ['git-pumps'] });

    expect(res.status).toBe(200);
    expect(res.body.secrets).toEqual([
      expect.objectContaining({ name: 'git-pumps', engine: 'kv', path: 'kv/git/pumps-firmware', data: { username: 'x-access-token', password: pumpsToken } }),
    ]);
    expect((await leasesOf(run)).map((l) => [l.kind, l.engine, l.path, l.state]).sort()).toEqual([
      ['secret', 'kv', 'kv/git/pumps-firmware', 'active'],
      ['session', 'auth', 'auth/jwt/login', 'active'],
    ]);
    const issued = await eventually(async () => {
      const found = (await h.events('CREDENTIALS')).filter((e) => e.pipelinerunid === run && e.type.includes('credentials.issued'));
      return found.length > 0 ? found : undefined;
    });
    expect(issued.map((e) => e.data.subject.content)).toEqual([expect.objectContaining({ engine: 'kv', path: 'kv/git/pumps-firmware', secretName: 'git-pumps' })]);
    const audit = (await h.query(`SELECT detail::text AS detail FROM audit_entry WHERE pipeline_run_id = $1 AND kind = 'issued'`, [run])) as { detail: string }[];
    expect(audit).toHaveLength(1);
    for (const text of [JSON.stringify(await h.events('CREDENTIALS')), h.logLines.join('\n'), audit[0].detail]) expect(text).not.toContain(pumpsToken);
  });

  it('ends the read when the run finishes: the lease is revoked in the record, with nothing for the backend to undo', async () => {
    const run = runId();
    await h.publishRunEvent('started', run);
    expect((await h.exchange(await h.issuer.sign(SCANNER), { role: 'source-reader', pipelineRunId: run, secrets: ['git-cloud'] })).status).toBe(200);
    await h.publishRunEvent('finished', run);
    const leases = await eventually(async () => {
      const all = await leasesOf(run);
      return all.every((l) => l.state === 'revoked') ? all : undefined;
    });
    expect(leases.map((l) => [l.kind, l.revokeReason]).sort()).toEqual([
      ['secret', 'run-finished'],
      ['session', 'run-finished'],
    ]);
  });

  it('denies a secret name the role does not list before anything is leased', async () => {
    const run = runId();
    const res = await h.exchange(await h.issuer.sign(SCANNER), { role: 'source-reader', pipelineRunId: run, secrets: ['git-pumps', 'prod-signing'] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('role source-reader has no secret named "prod-signing"');
    expect(await leasesOf(run)).toEqual([]);
  });

  it('fails closed when a listed path holds nothing: the build gets no secret and its session is withdrawn', async () => {
    const run = runId();
    const res = await h.exchange(await h.issuer.sign(SCANNER), { role: 'source-reader', pipelineRunId: run });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/no KV secret at git\/never-stored/);
    expect(JSON.stringify(res.body)).not.toContain(pumpsToken);
    const leases = await eventually(async () => {
      const all = await leasesOf(run);
      return all.length > 0 && all.every((l) => l.state === 'revoked') ? all : undefined;
    });
    expect(leases.every((l) => l.revokeReason === 'withdrawn')).toBe(true);
  });
});
