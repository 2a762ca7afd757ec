/* eslint-disable @typescript-eslint/no-explicit-any -- events are inspected as plain JSON */
// The signer's end-to-end set-up: the credential broker and the SBOM builder as
// real processes (their own schemas, migrated by tools/migrate.ts), the signer
// in-process, one private NATS prefix for all three, a real JWKS issuer whose
// token the signer presents to the broker.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { buildEvent, encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { JetStreamConnection } from '@tollgate/messaging';
import { SIGNER_ENTITIES, SIGNER_MIGRATIONS } from '@tollgate/signer-service';
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
import { startSigner, type RunningSigner } from '../bootstrap';
import { loadSignerConfig } from '../signer.config';

const ROOT = resolve(__dirname, '../../../..');
// A real yarn project (lockfile written by yarn 1.22) from the SBOM lib's reader fixtures.
const PROJECT = join(ROOT, 'libs/sbom/src/lockfiles/yarn/fixtures/classic');
export const BROKER_AUDIENCE = 'tollgate-broker';
export const SIGNER_SUBJECT = 'system:serviceaccount:tollgate:signer';
export const PIPELINE = 'pumps/infusion-pump-ui';

export interface SignerHarness {
  signer: RunningSigner;
  brokerUrl: string;
  db: TestDataSource;
  repository: string;
  commit: string;
  /** The KEK and token the test handed out: they must never show up in what the signer says. */
  secrets: { kek: string; token: string };
  logLines: string[];
  publish(event: TollgateEvent): Promise<void>;
  artifactEvents(): Promise<any[]>;
  /** pipelinerun.started and artifact.packaged for a run of the fixture project, as Jenkins and the build would send them. */
  announceBuild(run: string, digest: string): Promise<void>;
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  /** `npm run signing-key -- rotate`, as an operator runs it against the broker's schema. */
  rotateSigningKey(): Promise<string>;
  close(): Promise<void>;
}

export async function startSignerHarness(options: { maxDeliver?: number } = {}): Promise<SignerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-signer-e2e-'));
  const repository = join(dir, 'infusion-pump-ui');
  cpSync(PROJECT, repository, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', repository, '-c', 'user.email=ci@example.internal', '-c', 'user.name=ci', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'release 2.4.0');
  const commit = git('rev-parse', 'HEAD');

  const db = await createTestDataSource({ entities: SIGNER_ENTITIES, migrations: SIGNER_MIGRATIONS });
  const brokerSchema = uniqueName('cb');
  const sbomSchema = uniqueName('sb');
  await runTool('tools/migrate.ts', ['--service', 'credential-broker', '--schema', brokerSchema], { DATABASE_URL: db.url });
  await runTool('tools/migrate.ts', ['--service', 'sbom-builder', '--schema', sbomSchema], { DATABASE_URL: db.url });

  const issuer: TestIssuer = await startTestIssuer(BROKER_AUDIENCE);
  const roles = {
    issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
    roles: [{ name: 'tollgate-signer', issuer: issuer.issuer, bound_audiences: [BROKER_AUDIENCE], bound_claims: { sub: SIGNER_SUBJECT }, sign_keys: ['tollgate-signing'] }],
  };
  writeFileSync(join(dir, 'roles.yaml'), JSON.stringify(roles));
  const token = await issuer.sign({ sub: SIGNER_SUBJECT }, { expiresInSeconds: 3600 });
  const tokenFile = join(dir, 'signer.token');
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const kek = randomBytes(32).toString('hex');

  const streamPrefix = `${uniqueName('sg').toUpperCase()}_`;
  const subjectPrefix = `${streamPrefix.toLowerCase()}.`;
  const natsUrl = sharedNatsUrl();
  const shared = { NATS_URL: natsUrl, DATABASE_URL: db.url, TOLLGATE_SUBJECT_PREFIX: subjectPrefix, TOLLGATE_STREAM_PREFIX: streamPrefix };
  // The broker keeps its address across a restart, so the signer finds it again.
  const brokerPort = await freePort();
  let broker: AppProcess | undefined;
  const startBroker = async () => {
    broker = await startAppProcess({
      main: 'apps/credential-broker/src/main.ts',
      port: brokerPort,
      env: { ...shared, DATABASE_SCHEMA: brokerSchema, BROKER_ROLES_FILE: join(dir, 'roles.yaml'), BROKER_KEK: kek, EMBEDDED_DATABASE_ADMIN_URL: db.url },
    });
  };
  await startBroker();
  const sbomBuilder = await startAppProcess({ main: 'apps/sbom-builder/src/main.ts', env: { ...shared, DATABASE_SCHEMA: sbomSchema } });

  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const signer = await startSigner(
    loadSignerConfig({
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_SCHEMA: db.schema,
      SIGNER_BROKER_URL: `http://127.0.0.1:${brokerPort}`,
      SIGNER_SBOM_BUILDER_URL: sbomBuilder.url,
      SIGNER_WORKLOAD_TOKEN_FILE: tokenFile,
      SIGNER_MAX_DELIVER: String(options.maxDeliver ?? 3),
      SIGNER_RETRY_BACKOFF_MS: '300,600',
      LOG_LEVEL: 'debug',
    }),
    { logDestination },
  );
  const publisher = await JetStreamConnection.connect({ servers: natsUrl, name: 'signer-e2e', subjectPrefix, streamPrefix });
  const publish = async (event: TollgateEvent) => {
    await publisher.js.publish(publisher.subject(subjectOf(event)), encodeEvent(event), { msgID: event.id });
  };
  return {
    signer,
    brokerUrl: `http://127.0.0.1:${brokerPort}`,
    db,
    repository,
    commit,
    secrets: { kek, token },
    logLines,
    publish,
    artifactEvents: async () => (await readStreamPayloads(natsUrl, `${streamPrefix}TOLLGATE_ARTIFACT`)).map((p) => JSON.parse(p) as any),
    async announceBuild(run, digest) {
      const scm = { url: `file://${repository}`, branch: 'origin/main', commit };
      await publish(
        buildEvent('pipelinerun.started', {
          source: '/ci/jenkins-pumps',
          subjectId: run,
          pipelineRunId: run,
          content: { pipelineName: PIPELINE, uri: run },
          customData: { jenkins: { number: 42, phase: 'STARTED', scm } },
        }),
      );
      await publish(
        buildEvent('artifact.packaged', {
          source: '/ci/jenkins-pumps',
          subjectId: 'pkg:generic/infusion-pump-ui@2.4.0',
          pipelineRunId: run,
          artifactDigest: digest,
          content: { change: { id: commit, source: `file://${repository}` } },
        }),
      );
    },
    stopBroker: async () => broker?.stop(),
    rotateSigningKey: () => runTool('tools/signing-key.ts', ['rotate', 'tollgate-signing'], { DATABASE_URL: db.url, BROKER_DATABASE_SCHEMA: brokerSchema, BROKER_KEK: kek }),
    startBroker,
    async close() {
      await signer.close();
      await publisher.drain();
      await Promise.all([broker?.stop(), sbomBuilder.stop()]);
      await issuer.close();
      await deleteStreamsWithPrefix(natsUrl, streamPrefix);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
