/* eslint-disable @typescript-eslint/no-explicit-any -- events are inspected as plain JSON */
// The whole pipeline for the gate's end-to-end tests: the credential broker, SBOM
// builder, signer and scanner runner as real processes (own schemas, migrated by
// tools/migrate.ts), the policy engine in-process, one private NATS prefix, a real
// JWKS issuer, a local OSV directory, and a SOC webhook that records what it gets.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { verifyRequestSignature } from '@tollgate/event-client';
import { buildEvent, encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { GATE_ENTITIES, GATE_MIGRATIONS } from '@tollgate/gate-service';
import { JetStreamConnection } from '@tollgate/messaging';
import {
  createTestDataSource,
  deleteStreamsWithPrefix,
  freePort,
  readStreamPayloads,
  runTool,
  sharedNatsUrl,
  startAppProcess,
  startTestIssuer,
  uniqueName,
  type AppProcess,
  type TestDataSource,
  type TestIssuer,
} from '@tollgate/testing';
import { startPolicyEngine, type RunningPolicyEngine } from '../bootstrap';
import { loadPolicyEngineConfig } from '../policy-engine.config';

export const AUDIENCE = 'tollgate-broker';
export const JENKINS = 'https://jenkins.pumps.example.internal';
const SIGNER_SUBJECT = 'system:serviceaccount:tollgate:signer';
const POLICY_SUBJECT = 'system:serviceaccount:tollgate:policy-engine';

export interface PipelineHarness {
  engine: RunningPolicyEngine;
  db: TestDataSource;
  issuer: TestIssuer;
  processes: Record<'broker' | 'sbom' | 'signer' | 'scanner', AppProcess>;
  /** What the SOC webhook received, in order. */
  socDeliveries: any[];
  publish(event: TollgateEvent): Promise<void>;
  events(stream: 'ARTIFACT' | 'GATE' | 'SECURITY' | 'CREDENTIALS'): Promise<any[]>;
  /** A git repository with `files`, committed. */
  repository(name: string, files: Record<string, string>): { url: string; commit: string };
  /** pipelinerun.started and artifact.packaged, as Jenkins and the build would send them. */
  build(run: string, repo: { url: string; commit: string }, digest: string): Promise<void>;
  /** The build's credential exchange with the broker: `deny` presents a token of another job. */
  exchangeCredentials(run: string, options?: { deny?: boolean }): Promise<number>;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  schemas: { signer: string };
  /** The pack file the engine watches (the default pack with the test's deadline). */
  packFile?: string;
  logLines: string[];
  /** A scratch directory removed on close. */
  dir: string;
  close(): Promise<void>;
}

export async function startPipelineHarness(options: { osvRecords: object[]; deadlineSeconds?: number }): Promise<PipelineHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-gate-e2e-'));
  const osvDir = join(dir, 'osv');
  mkdirSync(osvDir);
  for (const record of options.osvRecords) writeFileSync(join(osvDir, `${(record as { id: string }).id}.json`), JSON.stringify(record));

  const db = await createTestDataSource({ entities: GATE_ENTITIES, migrations: GATE_MIGRATIONS });
  const schemas = { broker: uniqueName('cb'), sbom: uniqueName('sb'), signer: uniqueName('sg'), scanner: uniqueName('sc') };
  const services: [keyof typeof schemas, string][] = [['broker', 'credential-broker'], ['sbom', 'sbom-builder'], ['signer', 'signer'], ['scanner', 'scanner-runner']];
  for (const [key, service] of services) await runTool('tools/migrate.ts', ['--service', service, '--schema', schemas[key]], { DATABASE_URL: db.url });
  const appSchema = uniqueName('app');
  await db.dataSource.query(`CREATE SCHEMA ${appSchema}`);
  await db.dataSource.query(`CREATE TABLE ${appSchema}.devices (id int PRIMARY KEY)`);

  const issuer = await startTestIssuer(AUDIENCE);
  writeFileSync(
    join(dir, 'roles.yaml'),
    JSON.stringify({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      roles: [
        { name: 'pumps-ci', issuer: issuer.issuer, bound_audiences: [AUDIENCE], bound_claims: { job_name: 'pumps/*' }, bound_claims_type: 'glob', secrets: [{ name: 'inventory-db', engine: 'database', backendRole: 'inventory-read' }] },
        { name: 'tollgate-signer', issuer: issuer.issuer, bound_audiences: [AUDIENCE], bound_claims: { sub: SIGNER_SUBJECT }, sign_keys: ['tollgate-signing'] },
        { name: 'tollgate-policy-engine', issuer: issuer.issuer, bound_audiences: [AUDIENCE], bound_claims: { sub: POLICY_SUBJECT }, sign_keys: ['tollgate-signing'] },
      ],
      database_roles: { 'inventory-read': { grants: [{ privileges: ['USAGE'], schemas: [appSchema] }, { privileges: ['SELECT'], tables: [`${appSchema}.devices`] }] } },
    }),
  );
  writeFileSync(join(dir, 'signer.token'), await issuer.sign({ sub: SIGNER_SUBJECT }, { expiresInSeconds: 3600 }), { mode: 0o600 });
  writeFileSync(join(dir, 'policy-engine.token'), await issuer.sign({ sub: POLICY_SUBJECT }, { expiresInSeconds: 3600 }), { mode: 0o600 });

  const streamPrefix = `${uniqueName('pe').toUpperCase()}_`;
  const subjectPrefix = `${streamPrefix.toLowerCase()}.`;
  const natsUrl = sharedNatsUrl();
  const shared = { NATS_URL: natsUrl, DATABASE_URL: db.url, TOLLGATE_SUBJECT_PREFIX: subjectPrefix, TOLLGATE_STREAM_PREFIX: streamPrefix };
  const broker = await startAppProcess({
    main: 'apps/credential-broker/src/main.ts',
    env: { ...shared, DATABASE_SCHEMA: schemas.broker, BROKER_ROLES_FILE: join(dir, 'roles.yaml'), BROKER_KEK: randomBytes(32).toString('hex'), EMBEDDED_DATABASE_ADMIN_URL: db.url },
  });
  const sbom = await startAppProcess({ main: 'apps/sbom-builder/src/main.ts', env: { ...shared, DATABASE_SCHEMA: schemas.sbom } });
  const signer = await startAppProcess({
    main: 'apps/signer/src/main.ts',
    env: { ...shared, DATABASE_SCHEMA: schemas.signer, SIGNER_BROKER_URL: broker.url, SIGNER_SBOM_BUILDER_URL: sbom.url, SIGNER_WORKLOAD_TOKEN_FILE: join(dir, 'signer.token') },
  });
  const scanner = await startAppProcess({ main: 'apps/scanner-runner/src/main.ts', env: { ...shared, DATABASE_SCHEMA: schemas.scanner, SCANNER_SBOM_BUILDER_URL: sbom.url, SCANNER_OSV_DIR: osvDir } });

  // The trust policy pins the broker's signing key as published (what an operator would copy into it).
  const keys = (await (await fetch(`${broker.url}/v1/transit/keys/tollgate-signing`)).json()) as { data: { keys: Record<string, { public_key: string }> } };
  writeFileSync(
    join(dir, 'trust-policy.json'),
    JSON.stringify({
      keys: Object.entries(keys.data.keys).map(([version, k]) => ({ name: 'tollgate-signing', version: Number(version), status: 'active', publicKey: k.public_key })),
      predicateTypes: ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom'],
      provenance: { builderIds: [`${JENKINS}/job/pumps/*`], sources: [{ repository: `file://${dir}/*`, refs: ['refs/heads/main'] }] },
    }),
  );
  let pack: string | undefined;
  if (options.deadlineSeconds !== undefined) {
    // The default pack with a short deadline, so the deadline test does not wait half an hour.
    const { DEFAULT_POLICY_PACK_FILE } = await import('@tollgate/policy');
    const { readFileSync } = await import('node:fs');
    pack = join(dir, 'pack.yaml');
    writeFileSync(pack, readFileSync(DEFAULT_POLICY_PACK_FILE, 'utf8').replace(/^deadlineSeconds: \d+$/m, `deadlineSeconds: ${options.deadlineSeconds}`).replace(/^tests:[\s\S]*$/m, ''));
  }

  // The SOC's collector takes only deliveries signed with the key it shares with the engine, as a real one would.
  const socSecret = randomBytes(32).toString('hex');
  writeFileSync(join(dir, 'soc-signing.key'), socSecret, { mode: 0o600 });
  const socDeliveries: any[] = [];
  const soc: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = verifyRequestSignature({ secret: socSecret, body, header: req.headers['x-tollgate-signature'] as string | undefined, toleranceSeconds: 300 });
      if (!signature.ok) {
        res.writeHead(401).end();
        return;
      }
      socDeliveries.push(JSON.parse(body.toString('utf8')));
      res.writeHead(202).end();
    });
  });
  const socPort = await freePort();
  await new Promise<void>((resolve) => soc.listen(socPort, '127.0.0.1', resolve));

  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const engine = await startPolicyEngine(
    loadPolicyEngineConfig({
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_SCHEMA: db.schema,
      POLICY_TRUST_POLICY_FILE: join(dir, 'trust-policy.json'),
      ...(pack && { POLICY_PACK_FILE: pack }),
      POLICY_SBOM_BUILDER_URL: sbom.url,
      POLICY_SIGNER_URL: signer.url,
      POLICY_SCANNER_URL: scanner.url,
      POLICY_SOC_WEBHOOKS: `http://127.0.0.1:${socPort}/ocsf`,
      POLICY_SOC_SIGNING_SECRET_FILE: join(dir, 'soc-signing.key'),
      POLICY_SWEEP_INTERVAL_MS: '300',
      POLICY_BROKER_URL: broker.url,
      POLICY_WORKLOAD_TOKEN_FILE: join(dir, 'policy-engine.token'),
      POLICY_CHECKPOINT_INTERVAL_MS: '500',
      LOG_LEVEL: 'info',
    }),
    { logDestination },
  );
  const publisher = await JetStreamConnection.connect({ servers: natsUrl, name: 'gate-e2e', subjectPrefix, streamPrefix });
  const publish = async (event: TollgateEvent) => {
    await publisher.js.publish(publisher.subject(subjectOf(event)), encodeEvent(event), { msgID: event.id });
  };
  return {
    engine,
    db,
    issuer,
    processes: { broker, sbom, signer, scanner },
    socDeliveries,
    publish,
    events: async (stream) => (await readStreamPayloads(natsUrl, `${streamPrefix}TOLLGATE_${stream}`).catch(() => [])).map((p) => JSON.parse(p) as any),
    repository(name, files) {
      const repo = join(dir, name);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(repo, path)), { recursive: true });
        writeFileSync(join(repo, path), content);
      }
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.internal', '-c', 'user.name=ci', ...args], { encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'build');
      return { url: `file://${repo}`, commit: git('rev-parse', 'HEAD') };
    },
    async build(run, repo, digest) {
      await publish(
        buildEvent('pipelinerun.started', {
          source: '/ci/jenkins-pumps',
          subjectId: run,
          pipelineRunId: run,
          content: { pipelineName: 'pumps/pump-ui', uri: run },
          customData: { jenkins: { number: 1, phase: 'STARTED', scm: { url: repo.url, branch: 'origin/main', commit: repo.commit } } },
        }),
      );
      await publish(buildEvent('artifact.packaged', { source: '/ci/jenkins-pumps', subjectId: 'pkg:generic/pump-ui@1.0.0', pipelineRunId: run, artifactDigest: digest, content: { change: { id: repo.commit, source: repo.url } } }));
    },
    async exchangeCredentials(run, { deny = false } = {}) {
      const token = await issuer.sign({ job_name: deny ? 'payments/api' : 'pumps/pump-ui', sub: deny ? 'job/payments/api' : 'job/pumps/pump-ui' });
      // The broker learns of the run from pipelinerun.started; until then it says the run is unknown.
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${broker.url}/v1/credentials/exchange`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ role: 'pumps-ci', pipelineRunId: run }),
        });
        if (deny || res.status !== 403 || attempt > 50) return res.status;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    query: (sql, params = []) => db.dataSource.query(sql, params),
    schemas: { signer: schemas.signer },
    packFile: pack,
    logLines,
    dir,
    async close() {
      await engine.close();
      await publisher.drain();
      await Promise.all([broker.stop(), sbom.stop(), signer.stop(), scanner.stop()]);
      await new Promise<void>((resolve) => soc.close(() => resolve()));
      await issuer.close();
      await deleteStreamsWithPrefix(natsUrl, streamPrefix);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
